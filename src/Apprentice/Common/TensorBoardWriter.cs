using System.Buffers.Binary;
using System.Numerics;

namespace Apprentice;

/// <summary>
/// A TensorBoard event file (<c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;</c>) holding scalars and text, so that
/// <c>tensorboard --logdir runs</c> draws a run's metrics as it trains and shows its settings. The file is TFRecord
/// framing (length, masked CRC-32C of the length, the bytes, their masked CRC-32C) around <c>tensorflow.Event</c>
/// messages: the first names the file's version, each later one holds a <c>Summary</c> of tagged values at a step
/// (<c>simple_value</c>s, or a string tensor for the text plugin). Records are only
/// ever appended, so a run that resumes continues its file, and a record cut short by a crash is the last one read.
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    /// <summary>The prefix TensorBoard looks for in a log folder.</summary>
    public const string Prefix = "events.out.tfevents.";

    private const string FileVersion = "brain.Event:2";
    private readonly FileStream _stream;

    private TensorBoardWriter(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The event file written to.</summary>
    public string Path { get; }

    /// <summary>Starts a new event file in <paramref name="directory"/>, named by the time and the host as TensorFlow names one.</summary>
    public static TensorBoardWriter Create(string directory)
    {
        Directory.CreateDirectory(directory);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string path = System.IO.Path.Combine(directory, $"{Prefix}{now.ToUnixTimeSeconds()}.{Environment.MachineName}");
        var writer = new TensorBoardWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), path);
        var version = new ProtoWriter();
        version.Double(1, now.ToUnixTimeMilliseconds() / 1e3);
        version.String(3, FileVersion);
        writer.Record(version.ToArray());
        return writer;
    }

    /// <summary>Appends to the newest event file in <paramref name="directory"/>; null when it has none (the run logs none).</summary>
    public static TensorBoardWriter? Continue(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        string? newest = Directory.EnumerateFiles(directory, Prefix + "*").Order(StringComparer.Ordinal).LastOrDefault();
        return newest is null ? null : new TensorBoardWriter(new FileStream(newest, FileMode.Append, FileAccess.Write, FileShare.Read), newest);
    }

    /// <summary>One event: every value under its tag at <paramref name="step"/>, stamped now (or at <paramref name="wallTime"/>, seconds since 1970).</summary>
    public void Scalars(long step, IEnumerable<(string Tag, float Value)> values, double? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var e = new ProtoWriter();
        e.Double(1, wallTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1e3);
        e.Int(2, step);
        e.Message(5, summary =>
        {
            foreach (var (tag, value) in values)
                summary.Message(1, v =>
                {
                    v.String(1, tag);
                    v.Float(2, value);
                });
        });
        Record(e.ToArray());
    }

    /// <summary>
    /// One event with <paramref name="markdown"/> under <paramref name="tag"/> at <paramref name="step"/>, for TensorBoard's
    /// Text tab: a scalar string tensor (<c>DT_STRING</c>) whose metadata names the <c>text</c> plugin, as its summary
    /// op writes one.
    /// </summary>
    public void Text(long step, string tag, string markdown, double? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(markdown);
        const int StringType = 7, TensorDataClass = 2;
        var e = new ProtoWriter();
        e.Double(1, wallTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1e3);
        e.Int(2, step);
        e.Message(5, summary => summary.Message(1, v =>
        {
            v.String(1, tag);
            v.Message(8, tensor =>
            {
                tensor.Int(1, StringType);
                tensor.Message(2, _ => { }); // a scalar: a shape without dimensions
                tensor.String(8, markdown);
            });
            v.Message(9, metadata =>
            {
                metadata.Message(1, plugin => plugin.String(1, "text"));
                metadata.Int(4, TensorDataClass);
            });
        }));
        Record(e.ToArray());
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>CRC-32C (Castagnoli), as TFRecord checks its records with.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>TFRecord's masking of a CRC stored beside the data it covers.</summary>
    public static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);

    private void Record(byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Masked(Crc32C(header[..8])));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Masked(Crc32C(data)));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
        _stream.Flush(); // a reader following the run sees each event as it lands
    }
}
