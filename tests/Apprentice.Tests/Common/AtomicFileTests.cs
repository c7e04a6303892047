namespace Apprentice.Tests.Common;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_IntoANewFolder_CreatesItAndLeavesOnlyTheFile()
    {
        string path = Path.Combine(_dir, "a", "b", "results.csv");
        AtomicFile.WriteAllText(path, "x,y\n");
        Assert.Equal("x,y\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_ThatFailsHalfway_KeepsTheOldFileAndNoTemporary()
    {
        string path = Path.Combine(_dir, "result.json");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_WhereNothingCanBeWritten_NamesTheFileAskedFor()
    {
        string blocker = Path.Combine(_dir, "plain-file");
        File.WriteAllText(blocker, "");
        string path = Path.Combine(blocker, "result.json"); // a folder that is a file

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.StartsWith($"cannot write '{path}': ", ex.Message);
        Assert.DoesNotContain(".tmp", ex.Message);
    }
}
