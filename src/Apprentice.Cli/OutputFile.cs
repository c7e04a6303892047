namespace Apprentice.Cli;

/// <summary>
/// A file named by <c>--out</c>, checked before the work that fills it (recording, drawing, converting), so that a
/// path that cannot be written is refused at once instead of after that work is done and lost.
/// </summary>
internal static class OutputFile
{
    /// <param name="example">A file name to suggest when the path is a folder, e.g. <c>demos.npz</c>.</param>
    public static void Check(string path, string example)
    {
        if (Directory.Exists(path)) throw new InputException($"--out '{path}' is a directory; give a file name such as {example}");
        Probe(path, Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path));
    }

    /// <summary>A folder to write files into (a Minari dataset's <c>data</c> folder, say): it is made now if it must be.</summary>
    public static void CheckFolder(string path, string folder) => Probe(path, folder, "folder");

    private static void Probe(string path, string folder, string name)
    {
        string probe = Path.Combine(folder, $".{name}.{Environment.ProcessId}.probe");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out '{path}' cannot be written ({CliApp.OneLine(ex.Message)})");
        }
    }
}
