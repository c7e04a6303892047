using System.Buffers.Binary;
using System.Text;
using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] Handmade(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    [Fact]
    public void Write_ThenRead_RoundTripsTensorsAndMetadata()
    {
        string path = PathOf("p.safetensors");
        Tensor[] tensors = [new("w", [2, 3], [1, 2, 3, 4, 5, 6]), new("log_std", [-0.5f, float.Epsilon])];
        Safetensors.Write(path, tensors, new Dictionary<string, string> { ["env_id"] = "CartPole-v1", ["sizes"] = "[4, 100, 2]" });

        var (read, metadata) = Safetensors.Read(path);
        Assert.Equal(["w", "log_std"], read.Select(t => t.Name));
        Assert.Equal([2, 3], read[0].Shape);
        Assert.Equal(tensors[0].Data, read[0].Data);
        Assert.Equal(tensors[1].Data, read[1].Data);
        Assert.Equal("CartPole-v1", metadata["env_id"]);
        Assert.Equal("[4, 100, 2]", metadata["sizes"]);
    }

    [Fact]
    public void Write_Header_IsPaddedToEightBytesAndDataFollows()
    {
        string path = PathOf("pad.safetensors");
        Safetensors.Write(path, [new Tensor("a", [1f, 2f])]);
        byte[] bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' ');
        Assert.Equal("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        Assert.Equal(Floats(1f, 2f), bytes[(8 + (int)n)..]);
    }

    [Fact]
    public void Read_FileWrittenByReferenceLayout_ReadsTensorsInOffsetOrder()
    {
        // As Python's writer lays it out: tensors keyed by name, data ordered independently of the JSON order.
        string path = PathOf("ref.safetensors");
        File.WriteAllBytes(path, Handmade(
            "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}  ",
            Floats(1f, 2f, 3f)));
        var (tensors, metadata) = Safetensors.Read(path);
        Assert.Equal(["a", "b"], tensors.Select(t => t.Name));
        Assert.Equal([1f, 2f], tensors[0].Data);
        Assert.Equal([3f], tensors[1].Data);
        Assert.Equal("pt", metadata["format"]);
    }

    [Fact]
    public void Read_MissingFile_ThrowsInputException()
    {
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("nope.safetensors")));
        Assert.StartsWith("cannot read", ex.Message);
    }

    [Fact]
    public void Read_TooShort_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("short"), [1, 2, 3]);
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("short")));
        Assert.Contains("only 3 bytes", ex.Message);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsInputException()
    {
        string path = PathOf("t.safetensors");
        Safetensors.Write(path, [new Tensor("w", new float[100])]);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(path));
        Assert.Contains("tensor 'w' spans bytes [0, 400) outside the 390-byte data", ex.Message);
    }

    [Fact]
    public void Read_HeaderLengthBeyondFile_ThrowsInputException()
    {
        byte[] bytes = Handmade("{}", []);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000);
        File.WriteAllBytes(PathOf("h"), bytes);
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("h")));
        Assert.Contains("header length 1000 exceeds the file size 10", ex.Message);
    }

    [Fact]
    public void Read_HeaderNotJson_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("j"), Handmade("{not json", []));
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("j")));
        Assert.Contains("the header is not JSON", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void Read_UnsupportedDtype_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("d"), Handmade("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]));
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("d")));
        Assert.Contains("dtype F16; only F32 is supported", ex.Message);
    }

    [Fact]
    public void Read_ShapeDisagreesWithBytes_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("s"), Handmade("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]));
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("s")));
        Assert.Contains("tensor 'a' has 8 bytes for shape [3]", ex.Message);
    }

    [Fact]
    public void Read_OverlappingTensors_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("o"), Handmade(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            new byte[8]));
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("o")));
        Assert.Contains("overlap", ex.Message);
    }

    [Fact]
    public void Read_MalformedEntry_ThrowsInputException()
    {
        File.WriteAllBytes(PathOf("m"), Handmade("{\"a\":{\"dtype\":\"F32\"}}", []));
        var ex = Assert.Throws<InputException>(() => Safetensors.Read(PathOf("m")));
        Assert.Contains("tensor 'a' has a malformed entry", ex.Message);
    }

    [Fact]
    public void Write_DuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Safetensors.Write(PathOf("x"), [new Tensor("a", [1f]), new Tensor("a", [2f])]));
    }

    [Fact]
    public void Write_OverExistingFile_LeavesNoTemporaryFiles()
    {
        string path = PathOf("over.safetensors");
        Safetensors.Write(path, [new Tensor("a", [1f])]);
        Safetensors.Write(path, [new Tensor("a", [2f])]);
        Assert.Equal([2f], Safetensors.Read(path).Tensors[0].Data);
        Assert.Single(Directory.GetFiles(_dir));
    }
}
