using System.Security.Cryptography;
using System.Text.Json;
using Apprentice.Imitation;

namespace Apprentice.Cli;

/// <summary>
/// Which expert file each task's cells in a reproduction folder came from (<c>experts.json</c>: task → SHA-256 of the
/// expert's bytes, followed by <c>:sampled</c> for pools of raw samples), so that replacing an expert or the action
/// convention never mixes two kinds of cells in one table. A task whose cells are all gone takes the current source;
/// a folder from before the manifest takes the current experts as its own.
/// </summary>
public sealed class ExpertManifest
{
    private const string SampledMark = ":sampled";
    private readonly string _path;
    private readonly SortedDictionary<string, string> _hashes;

    private ExpertManifest(string path, SortedDictionary<string, string> hashes)
    {
        _path = path;
        _hashes = hashes;
    }

    public static ExpertManifest Open(string outDir)
    {
        string path = Path.Combine(outDir, "experts.json");
        if (!File.Exists(path)) return new ExpertManifest(path, new SortedDictionary<string, string>(StringComparer.Ordinal));
        try
        {
            var hashes = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? throw new JsonException("null");
            return new ExpertManifest(path, new SortedDictionary<string, string>(hashes, StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new InputException($"'{path}' is not a task → expert SHA-256 map ({ex.Message.Split('\n')[0]}); fix or delete it");
        }
    }

    /// <summary>What a task's cells came from: the expert's hash, marked when its pool holds raw samples.</summary>
    public static string Source(string expertHash, ExpertActions actions) =>
        actions == ExpertActions.Sampled ? expertHash + SampledMark : expertHash;

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>
    /// Records <paramref name="source"/> (see <see cref="Source"/>) for <paramref name="task"/>, or refuses when the task
    /// still has cells made from another (<paramref name="cellsDir"/> holds them).
    /// </summary>
    public void Claim(string task, string source, string expertPath, string cellsDir)
    {
        bool hasCells = Directory.Exists(cellsDir) && Directory.EnumerateFileSystemEntries(cellsDir).Any();
        if (hasCells && _hashes.TryGetValue(task, out string? recorded) && recorded != source)
            throw new InputException($"the {task} cells in '{cellsDir}' were made from {Describe(recorded)}, not from '{expertPath}' ({Describe(source)}); delete that folder to redo them, or choose another --out");
        _hashes[task] = source;
    }

    private static string Describe(string source)
    {
        bool sampled = source.EndsWith(SampledMark, StringComparison.Ordinal);
        string hash = sampled ? source[..^SampledMark.Length] : source;
        return $"the expert with SHA-256 {(hash.Length > 12 ? hash[..12] + "…" : hash)}, {(sampled ? "sampled" : "executed")} actions";
    }

    public void Save()
    {
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(_hashes, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
