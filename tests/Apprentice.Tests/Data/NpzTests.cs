using System.IO.Compression;
using Apprentice.Data;

namespace Apprentice.Tests.Data;

public sealed class NpzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-npz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    /// <summary>A zip with the given raw entries, stored or deflated.</summary>
    internal static void WriteZip(string path, bool deflate, params (string Name, byte[] Bytes)[] entries)
    {
        using var zip = new ZipArchive(System.IO.File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using Stream s = zip.CreateEntry(name, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
    }

    private static byte[] Npy(NpyArray a)
    {
        var s = new MemoryStream();
        a.WriteNpy(s);
        return s.ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_ThenRead_RoundTripsEveryArray(bool compress)
    {
        NpzWriter.Write(File("a.npz"), [new NpyArray("x", new[] { 1f, 2f }, 2), new NpyArray("y", new[] { 3L }, 1)], compress);
        using NpzReader npz = NpzReader.Open(File("a.npz"));
        Assert.Equal(["x", "y"], npz.Names);
        Assert.Equal([1f, 2f], npz.Read("x").ToSingle());
        Assert.Equal([3L], npz.Read("y").ToInt64());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Read_StoredEntries_Decode()
    {
        WriteZip(File("s.npz"), false, ("x.npy", Npy(new NpyArray("x", new[] { 5.0 }, 1))));
        using NpzReader npz = NpzReader.Open(File("s.npz"));
        Assert.Equal([5.0], npz.Read("x").ToDouble());
    }

    [Fact]
    public void Open_MissingFile_ThrowsNamingIt()
    {
        var ex = Assert.Throws<InputException>(() => NpzReader.Open(File("none.npz")));
        Assert.Equal($"'{File("none.npz")}' does not exist", ex.Message);
    }

    [Fact]
    public void Open_NotAZip_ThrowsNamingIt()
    {
        System.IO.File.WriteAllText(File("text.npz"), "hello, not a zip");
        var ex = Assert.Throws<InputException>(() => NpzReader.Open(File("text.npz")));
        Assert.StartsWith($"'{File("text.npz")}' is not a readable .npz file (a zip of .npy arrays)", ex.Message);
    }

    [Fact]
    public void Read_MissingArray_ThrowsListingWhatExists()
    {
        NpzWriter.Write(File("a.npz"), [new NpyArray("x", new[] { 1f }, 1)]);
        using NpzReader npz = NpzReader.Open(File("a.npz"));
        var ex = Assert.Throws<InputException>(() => npz.Read("obs"));
        Assert.Equal($"'{File("a.npz")}', array 'obs': missing; the file has x", ex.Message);
    }

    [Fact]
    public void Read_TruncatedArray_ThrowsNamingFileAndArray()
    {
        byte[] npy = Npy(new NpyArray("x", new float[10], 10));
        WriteZip(File("t.npz"), true, ("x.npy", npy[..^8]));
        using NpzReader npz = NpzReader.Open(File("t.npz"));
        var ex = Assert.Throws<InputException>(() => npz.Read("x"));
        Assert.Equal($"'{File("t.npz")}', array 'x': truncated: shape (10,) of <f4 needs 40 bytes, found 32", ex.Message);
    }

    [Fact]
    public void Open_TruncatedZip_Throws()
    {
        NpzWriter.Write(File("a.npz"), [new NpyArray("x", new float[1000], 1000)]);
        byte[] bytes = System.IO.File.ReadAllBytes(File("a.npz"));
        System.IO.File.WriteAllBytes(File("cut.npz"), bytes[..(bytes.Length / 2)]);
        Assert.Throws<InputException>(() =>
        {
            using NpzReader npz = NpzReader.Open(File("cut.npz"));
            npz.Read("x");
        });
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItWhole()
    {
        System.IO.File.WriteAllText(File("a.npz"), "old");
        NpzWriter.Write(File("a.npz"), [new NpyArray("x", new[] { 1f }, 1)]);
        using NpzReader npz = NpzReader.Open(File("a.npz"));
        Assert.Equal([1f], npz.Read("x").ToSingle());
    }
}
