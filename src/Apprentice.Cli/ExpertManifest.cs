using System.Security.Cryptography;
using System.Text.Json;

namespace Apprentice.Cli;

/// <summary>
/// Which expert file each task's cells in a reproduction folder came from (<c>experts.json</c>: task → SHA-256 of the
/// expert's bytes), so that replacing an expert never mixes cells of two experts in one table. A task whose cells are
/// all gone takes the current expert; a folder from before the manifest takes the current experts as its own.
/// </summary>
public sealed class ExpertManifest
{
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

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    /// <summary>
    /// Records <paramref name="expertHash"/> for <paramref name="task"/>, or refuses when the task still has cells
    /// made with another expert (<paramref name="cellsDir"/> holds them).
    /// </summary>
    public void Claim(string task, string expertHash, string expertPath, string cellsDir)
    {
        bool hasCells = Directory.Exists(cellsDir) && Directory.EnumerateFileSystemEntries(cellsDir).Any();
        if (hasCells && _hashes.TryGetValue(task, out string? recorded) && recorded != expertHash)
            throw new InputException($"the {task} cells in '{cellsDir}' were made with another expert (SHA-256 {Short(recorded)}) than '{expertPath}' ({Short(expertHash)}); delete that folder to redo them, or choose another --out");
        _hashes[task] = expertHash;
    }

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 12 ? hash[..12] + "…" : hash;

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        File.WriteAllText(_path, JsonSerializer.Serialize(_hashes, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
