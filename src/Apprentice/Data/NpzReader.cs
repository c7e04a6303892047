using System.IO.Compression;

namespace Apprentice.Data;

/// <summary>
/// Reads the arrays of a NumPy <c>.npz</c> (a zip of <c>name.npy</c> entries, stored or deflated, as
/// <c>numpy.savez</c> and <c>savez_compressed</c> write it). Arrays are read one at a time on request, so an
/// entry nobody asks for (such as a pickled <c>infos</c>) is never decoded.
/// </summary>
public sealed class NpzReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    private NpzReader(string path, ZipArchive zip)
    {
        Path = path;
        _zip = zip;
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            _entries[name] = entry;
        }
    }

    public string Path { get; }

    /// <summary>Array names (entry names without <c>.npy</c>), in the zip's order.</summary>
    public IReadOnlyList<string> Names => [.. _entries.Keys];

    /// <summary>Opens <paramref name="path"/>; a missing file or one that is not a zip throws <see cref="InputException"/>.</summary>
    public static NpzReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new InputException($"'{path}' does not exist");
        FileStream? stream = null;
        try
        {
            stream = File.OpenRead(path);
            return new NpzReader(path, new ZipArchive(stream, ZipArchiveMode.Read));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            throw new InputException($"'{path}' is not a readable .npz file (a zip of .npy arrays): {OneLine(ex.Message)}");
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Reads array <paramref name="name"/>; a missing or damaged array throws <see cref="InputException"/> naming it.</summary>
    public NpyArray Read(string name)
    {
        string context = $"'{Path}', array '{name}'";
        if (!_entries.TryGetValue(name, out ZipArchiveEntry? entry))
            throw new InputException($"{context}: missing; the file has {(_entries.Count == 0 ? "no arrays" : string.Join(", ", _entries.Keys))}");
        try
        {
            using Stream stream = entry.Open();
            return NpyArray.ReadNpy(stream, name, context, entry.Length);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new InputException($"{context}: damaged zip entry ({OneLine(ex.Message)})");
        }
    }

    public void Dispose() => _zip.Dispose();

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
