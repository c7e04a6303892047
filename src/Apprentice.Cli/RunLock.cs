namespace Apprentice.Cli;

/// <summary>
/// One process's claim on a run folder while it trains there (a reproduce cell, or an imitate or train run): an
/// exclusive OS lock on <c>.&lt;folder&gt;.lock</c> beside it. Two reproduce invocations into one folder (on different
/// cells, as the docs describe, or the same command started twice) then never train the same cell at once: the second
/// skips the cells the first holds. A resume of a run another process is training, in a second terminal or of a cell
/// reproduce holds, is refused instead of writing the same checkpoint and metrics.csv from two processes. The OS drops
/// the lock when the process ends, however it ends, so a crashed run leaves nothing claimed; the file itself goes when
/// the claim is disposed.
/// </summary>
internal sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    public static string PathFor(string runDir)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir));
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.lock");
    }

    /// <summary>The claim of `imitate` or `train` on its run folder; a run another process holds is refused.</summary>
    public static RunLock Acquire(string directory)
    {
        RunLock? claim;
        try
        {
            claim = TryAcquire(directory);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException) // making the folder that holds it
        {
            throw new InputException($"cannot make the run folder '{directory}' ({CliApp.OneLine(ex.Message)}); give --out a folder that can be written");
        }
        return claim ?? throw new InputException($"'{directory}' is being trained by another process; let it finish, or stop it (Ctrl-C, or kill: it keeps its checkpoint) and then resume it");
    }

    /// <summary>The claim, or null when another process (or another claim in this one) holds it.</summary>
    public static RunLock? TryAcquire(string runDir)
    {
        string path = PathFor(runDir);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; a second opener fails at once.
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether some claim holds the run folder now; reads only (a stale file of a crashed run is not held).</summary>
    public static bool IsHeld(string runDir)
    {
        string path = PathFor(runDir);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false; // released (and removed) between the two calls
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
