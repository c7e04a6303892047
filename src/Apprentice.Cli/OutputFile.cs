namespace Apprentice.Cli;

/// <summary>
/// A file named by <c>--out</c> (or another option that names an output), checked before the work that fills it
/// (recording, drawing, converting), so that a path that cannot be written, or that names a kind of file the command
/// does not write, is refused at once instead of after that work is done and lost (or written in another format under
/// its name: a CSV called <c>.npz</c>, a GIF called <c>.png</c>).
/// </summary>
internal static class OutputFile
{
    /// <param name="example">A file name to suggest when the path is a folder or of another kind, e.g. <c>demos.npz</c>.</param>
    /// <param name="extensions">The kinds of file the command writes, such as <c>.gif</c> (any case).</param>
    /// <param name="option">The option that named the path.</param>
    /// <param name="orElse">What else the option takes, such as "or a folder (no extension) for a Minari dataset".</param>
    public static void Check(string path, string example, IReadOnlyList<string> extensions, string option = "--out", string? orElse = null)
    {
        if (Directory.Exists(path)) throw new InputException($"{option} '{path}' is a directory; give a file name such as {example}");
        string extension = Path.GetExtension(path);
        if (!extensions.Any(e => e.Equals(extension, StringComparison.OrdinalIgnoreCase)))
            throw new InputException($"{option} '{path}' is not a {Wording.Or(extensions)} file ({(extensions.Count == 1 ? "the kind" : "the kinds")} written there); give a name such as {example}{(orElse is null ? "" : $", {orElse}")}");
        Probe(path, Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path), option);
    }

    /// <summary>A folder to write files into (a Minari dataset's <c>data</c> folder, say): it is made now if it must be.</summary>
    public static void CheckFolder(string path, string folder) => Probe(path, folder, "folder", "--out");

    private static void Probe(string path, string folder, string name, string option)
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
            throw new InputException($"{option} '{path}' cannot be written ({CliApp.OneLine(ex.Message)})");
        }
    }
}
