using System.Buffers.Binary;
using System.Text;
using Apprentice.Data;

namespace Apprentice.Tests.Data;

public class NpyArrayTests
{
    /// <summary>A .npy with the given header dict (padded as numpy pads) and raw data.</summary>
    internal static byte[] Npy(string dict, byte[] data, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        string header = dict.PadRight(total - 6 - 2 - lengthBytes - 1) + "\n";
        var s = new MemoryStream();
        s.Write([0x93, .. "NUMPY"u8, (byte)major, 0]);
        var length = new byte[lengthBytes];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        s.Write(length);
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(data);
        return s.ToArray();
    }

    private static NpyArray Read(byte[] bytes) => NpyArray.ReadNpy(new MemoryStream(bytes), "x", "'t.npz', array 'x'");

    private static byte[] Floats(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), values[i]);
        return b;
    }

    [Fact]
    public void WriteNpy_Float32TwoByThree_HeaderIsByteForByteWhatNumpyWrites()
    {
        var s = new MemoryStream();
        new NpyArray("a", new float[6], 2, 3).WriteNpy(s);
        byte[] bytes = s.ToArray();

        // numpy 1.24: np.save(f, np.zeros((2, 3), np.float32))
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] expected = [0x93, .. "NUMPY"u8, 1, 0, 118, 0, .. Encoding.ASCII.GetBytes(dict.PadRight(117) + "\n")];
        Assert.Equal(128, expected.Length);
        Assert.Equal(expected, bytes[..128]);
        Assert.Equal(128 + 24, bytes.Length);
    }

    [Fact]
    public void WriteNpy_ThenRead_GivesTheSameValuesShapeAndType()
    {
        var cases = new[]
        {
            new NpyArray("f", new[] { 1.5f, -2f, float.NaN }, 3),
            new NpyArray("d", new[] { 1e300, -0.25 }, 2, 1),
            new NpyArray("l", new[] { long.MaxValue, -7L }, 2),
            new NpyArray("b", new[] { true, false, true }, 3),
            new NpyArray("e", Array.Empty<float>(), 0, 4),
        };
        foreach (NpyArray a in cases)
        {
            var s = new MemoryStream();
            a.WriteNpy(s);
            NpyArray back = Read(s.ToArray());
            Assert.Equal(a.DType, back.DType);
            Assert.Equal(a.Shape, back.Shape);
            Assert.Equal(a.ToDouble(), back.ToDouble());
        }
    }

    [Theory]
    [InlineData("'<i4'", new byte[] { 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF }, new[] { 2.0, -1.0 })]
    [InlineData("'>i4'", new byte[] { 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF }, new[] { 2.0, -1.0 })]
    [InlineData("'|u1'", new byte[] { 200, 3 }, new[] { 200.0, 3.0 })]
    [InlineData("'>f4'", new byte[] { 0x3F, 0xC0, 0, 0, 0xC0, 0, 0, 0 }, new[] { 1.5, -2.0 })]
    [InlineData("'>f8'", new byte[] { 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0 }, new[] { 1.5, -2.0 })]
    [InlineData("'|b1'", new byte[] { 1, 0 }, new[] { 1.0, 0.0 })]
    [InlineData("'>i8'", new byte[] { 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 6 }, new[] { 5.0, 6.0 })]
    public void ReadNpy_OtherDTypesAndByteOrders_Decode(string descr, byte[] data, double[] expected)
    {
        NpyArray a = Read(Npy($"{{'descr': {descr}, 'fortran_order': False, 'shape': (2,), }}", data));
        Assert.Equal(expected, a.ToDouble());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadNpy_Version2And3Headers_Decode(int major)
    {
        NpyArray a = Read(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", Floats(1f, 2f), major));
        Assert.Equal([1f, 2f], a.ToSingle());
    }

    [Fact]
    public void ReadNpy_FortranOrder_TransposedToCOrder()
    {
        // Fortran order stores columns: [[1, 2, 3], [4, 5, 6]] as 1 4 2 5 3 6.
        NpyArray a = Read(Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", Floats(1, 4, 2, 5, 3, 6)));
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], a.ToSingle());
        Assert.Equal([2, 3], a.Shape);
    }

    [Fact]
    public void ReadNpy_DoubleQuotesAndNoTrailingComma_Parse()
    {
        NpyArray a = Read(Npy("{\"descr\": \"<f4\", \"shape\": (1,), \"fortran_order\": False}", Floats(7)));
        Assert.Equal([7f], a.ToSingle());
    }

    [Fact]
    public void ReadNpy_ObjectArray_RefusedWithoutUnpickling()
    {
        var ex = Assert.Throws<InputException>(() => Read(Npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", [0x80, 0x02])));
        Assert.Equal("'t.npz', array 'x': holds Python objects (dtype |O); Apprentice never unpickles data, since a pickle can run code", ex.Message);
    }

    [Theory]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", "dtype '<c8' is not supported")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", "bad header (a list value (structured dtypes are not supported)")]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", "header has no boolean 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, x), }", "bad header (a shape entry that is not a non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", "bad header (a key that is not a quoted string")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "bad header (text after the closing brace")]
    public void ReadNpy_BadHeader_ThrowsNamingFileAndArray(string dict, string expected)
    {
        var ex = Assert.Throws<InputException>(() => Read(Npy(dict, Floats(1))));
        Assert.StartsWith("'t.npz', array 'x': ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ReadNpy_Truncated_ThrowsSayingHowManyBytes()
    {
        var ex = Assert.Throws<InputException>(() => Read(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", Floats(1, 2))));
        Assert.Equal("'t.npz', array 'x': truncated: shape (3,) of <f4 needs 12 bytes, found 8", ex.Message);
    }

    [Fact]
    public void ReadNpy_ClaimingMoreThanItsZipEntryHolds_RefusedBeforeTakingTheMemory()
    {
        // A damaged entry claiming 8 GB of float64 from a stream that cannot seek: its size in the zip says no.
        string path = Path.Combine(Path.GetTempPath(), $"claim-{Guid.NewGuid():N}.npz");
        try
        {
            using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
            {
                using Stream entry = zip.CreateEntry("x.npy").Open();
                entry.Write(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", new byte[8]));
            }
            using NpzReader npz = NpzReader.Open(path);
            var ex = Assert.Throws<InputException>(() => npz.Read("x"));
            Assert.Equal($"'{path}', array 'x': truncated: shape (1000000000,) of <f8 needs 8000000000 bytes, found 8", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadNpy_MoreValuesThanAnArrayHolds_Refused()
    {
        var ex = Assert.Throws<InputException>(() => Read(Npy("{'descr': '|u1', 'fortran_order': False, 'shape': (50000, 50000), }", [])));
        Assert.Equal("'t.npz', array 'x': shape (50000, 50000) holds 2,500,000,000 values, more than one array can hold here (2,147,483,591)", ex.Message);
    }

    [Theory]
    [InlineData("<f4")]
    [InlineData(">f4")]
    [InlineData("<f8")]
    [InlineData(">i8")]
    [InlineData("|b1")]
    public void ReadNpy_ArraysOfSeveralChunks_DecodeEveryValue(string descr)
    {
        // Values are read a million at a time; 2.5 million cross two chunk boundaries, and a big-endian file is
        // swapped chunk by chunk.
        const int n = 2_500_001;
        int size = descr[2] - '0';
        var data = new byte[n * size];
        for (int i = 0; i < n; i++)
        {
            Span<byte> at = data.AsSpan(i * size, size);
            switch (descr)
            {
                case "<f4": BinaryPrimitives.WriteSingleLittleEndian(at, i * 0.5f); break;
                case ">f4": BinaryPrimitives.WriteSingleBigEndian(at, i * 0.5f); break;
                case "<f8": BinaryPrimitives.WriteDoubleLittleEndian(at, i * 0.5); break;
                case ">i8": BinaryPrimitives.WriteInt64BigEndian(at, i); break;
                default: at[0] = (byte)(i % 3 == 0 ? 1 : 0); break;
            }
        }
        NpyArray array = Read(Npy($"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({n},), }}", data));
        double[] values = descr == "|b1" ? Array.ConvertAll(array.ToBoolean(), b => b ? 1.0 : 0.0) : array.ToDouble();
        double Expected(int i) => descr switch { ">i8" => i, "|b1" => i % 3 == 0 ? 1 : 0, _ => i * 0.5 };
        Assert.Equal(n, values.Length);
        foreach (int i in new[] { 0, 1, (1 << 20) - 1, 1 << 20, (1 << 21) + 7, n - 1 }) Assert.Equal(Expected(i), values[i]);
        Assert.Equal(Enumerable.Range(0, n).Sum(i => Expected(i)), values.Sum());
    }

    [Fact]
    public void WriteNpy_ArraysOfSeveralChunks_WriteEveryValueInOrder()
    {
        float[] values = [.. Enumerable.Range(0, 2_500_001).Select(i => i * 0.25f)];
        var stream = new MemoryStream();
        new NpyArray("x", values, values.Length).WriteNpy(stream);
        stream.Position = 0;
        Assert.Equal(values, NpyArray.ReadNpy(stream, "x", "t").ToSingle());
        Assert.Equal(NpyArray.Header("<f4", [values.Length]).Length + 4L * values.Length, stream.Length);
    }

    [Fact]
    public void ReadNpy_ExtraBytes_ThrowsShapeMismatch()
    {
        var ex = Assert.Throws<InputException>(() => Read(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Floats(1, 2))));
        Assert.Contains("more data than shape (1,) of <f4 holds", ex.Message);
    }

    [Fact]
    public void ReadNpy_NoMagic_Throws()
    {
        var ex = Assert.Throws<InputException>(() => Read("PK\x03\x04 not numpy"u8.ToArray()));
        Assert.Contains("not a .npy array", ex.Message);
    }

    [Fact]
    public void ReadNpy_UnknownVersion_Throws()
    {
        byte[] bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Floats(1));
        bytes[6] = 9;
        Assert.Contains(".npy format version 9.0 is not supported", Assert.Throws<InputException>(() => Read(bytes)).Message);
    }

    [Fact]
    public void ToInt64_FloatArray_Refuses()
    {
        Assert.Throws<InvalidOperationException>(() => new NpyArray("f", new[] { 1f }, 1).ToInt64());
    }
}
