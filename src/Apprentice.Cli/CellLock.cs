namespace Apprentice.Cli;

/// <summary>
/// One process's claim on a reproduce cell while it trains it: an exclusive OS lock on <c>.&lt;cell&gt;.lock</c> beside
/// the cell's folder. Two invocations into one folder (on different cells, as the docs describe, or the same command
/// started twice) then never train the same cell at once: the second skips the cells the first holds. The OS drops the lock when the process
/// ends, however it ends, so a crashed run leaves no cell claimed; the file itself goes when the claim is disposed.
/// </summary>
internal sealed class CellLock : IDisposable
{
    private readonly FileStream _stream;

    private CellLock(FileStream stream) => _stream = stream;

    public static string PathFor(string cellDir)
    {
        string full = Path.GetFullPath(cellDir);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.lock");
    }

    /// <summary>The claim, or null when another process (or another claim in this one) holds it.</summary>
    public static CellLock? TryAcquire(string cellDir)
    {
        string path = PathFor(cellDir);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; a second opener fails at once.
            return new CellLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether some claim holds the cell now; reads only (a stale file of a crashed run is not held).</summary>
    public static bool IsHeld(string cellDir)
    {
        string path = PathFor(cellDir);
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
