using System.IO.Compression;

namespace Apprentice.Data;

/// <summary>
/// Writes arrays as a NumPy <c>.npz</c> that <c>numpy.load</c> reads: one <c>name.npy</c> entry per array,
/// deflated like <c>numpy.savez_compressed</c> (or stored like <c>numpy.savez</c>). The file is written to a
/// temporary name and renamed, so it appears complete or not at all.
/// </summary>
public static class NpzWriter
{
    public static void Write(string path, IEnumerable<NpyArray> arrays, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        Write(path, arrays.Select(a => (a.Name, (Action<Stream>)a.WriteNpy)), compress);
    }

    /// <summary>Entries given as a name and a writer of the whole <c>.npy</c>, for arrays <see cref="NpyArray"/> cannot hold.</summary>
    internal static void Write(string path, IEnumerable<(string Name, Action<Stream> WriteNpy)> entries, bool compress)
    {
        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, writeNpy) in entries)
            {
                if (!names.Add(name)) throw new ArgumentException($"array name '{name}' is used twice");
                ZipArchiveEntry entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using Stream entryStream = entry.Open();
                writeNpy(entryStream);
            }
        });
    }
}
