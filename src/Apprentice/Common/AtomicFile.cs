namespace Apprentice;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it, then moved over it. A reader (another
/// process following a run, or a run stopped mid-write) sees the old file or the new one, never a torn one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path in <paramref name="path"/>'s folder, then moves that file to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Name the file the caller asked for, not the temporary one the system complained about.
            string reason = ex.Message.Replace(temporary, path, StringComparison.Ordinal).ReplaceLineEndings(" ");
            throw new IOException($"cannot write '{path}': {reason}", ex);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The text <paramref name="contents"/>, written whole or not at all.</summary>
    public static void WriteAllText(string path, string contents) => Write(path, temporary => File.WriteAllText(temporary, contents));
}
