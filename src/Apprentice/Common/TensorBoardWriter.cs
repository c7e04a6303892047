using System.Buffers.Binary;
using System.Numerics;

namespace Apprentice;

/// <summary>
/// A TensorBoard event file (<c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;</c>) holding scalars, text,
/// histograms and hyperparameters, so that <c>tensorboard --logdir runs</c> draws a run's metrics as it trains, shows its settings and
/// sets runs side by side by their settings. The file is TFRecord
/// framing (length, masked CRC-32C of the length, the bytes, their masked CRC-32C) around <c>tensorflow.Event</c>
/// messages: the first names the file's version, each later one holds a <c>Summary</c> of tagged values at a step
/// (<c>simple_value</c>s, or a tensor with a plugin's metadata). Records are only
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
        e.Double(1, wallTime ?? Now());
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
        const int StringType = 7;
        TensorEvent(step, wallTime ?? Now(), tag, tensor =>
        {
            tensor.Int(1, StringType);
            tensor.Message(2, _ => { }); // a scalar: a shape without dimensions
            tensor.String(8, markdown);
        }, "text", content: null);
    }

    /// <summary>
    /// One event with a histogram of <paramref name="values"/> under <paramref name="tag"/> at <paramref name="step"/>, for
    /// TensorBoard's Histograms and Distributions tabs, as its histogram summary op (v2) writes one: a float64 tensor of
    /// <see cref="HistogramBuckets"/>' rows, whose metadata names the <c>histograms</c> plugin. Non-finite values are left out.
    /// </summary>
    public void Histogram(long step, string tag, ReadOnlySpan<double> values, double? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(tag);
        const int DoubleType = 2;
        double[] rows = HistogramBuckets(values);
        TensorEvent(step, wallTime ?? Now(), tag, tensor =>
        {
            tensor.Int(1, DoubleType);
            tensor.Message(2, shape =>
            {
                shape.Message(2, d => d.Int(1, rows.Length / 3));
                shape.Message(2, d => d.Int(1, 3));
            });
            Span<byte> content = new byte[sizeof(double) * rows.Length];
            for (int i = 0; i < rows.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(content[(sizeof(double) * i)..], rows[i]);
            tensor.Bytes(4, content);
        }, "histograms", content: null); // HistogramPluginData of version 0 is empty
    }

    /// <summary>
    /// TensorBoard's histogram buckets of <paramref name="values"/>, as rows [left edge, right edge, count]: <paramref
    /// name="count"/> buckets of equal width from the least finite value to the greatest, a value on an inner edge counted in
    /// the bucket to its right and the greatest in the last. All values equal: every edge at the value, all counted in the
    /// last bucket. No finite values: rows of zeros.
    /// </summary>
    public static double[] HistogramBuckets(ReadOnlySpan<double> values, int count = 30)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int finite = 0;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            finite++;
        }
        var rows = new double[3 * count];
        if (finite == 0) return rows;
        if (min == max)
        {
            for (int b = 0; b < count; b++) rows[3 * b] = rows[3 * b + 1] = max;
            rows[3 * count - 1] = finite;
            return rows;
        }
        double width = double.IsFinite(max - min) ? (max - min) / count : max / count - min / count; // the range may pass double's
        for (int b = 0; b < count; b++)
        {
            rows[3 * b] = min + b * width;
            rows[3 * b + 1] = b == count - 1 ? max : min + (b + 1) * width;
        }
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            double at = double.IsFinite(v - min) ? (v - min) / width : v / width - min / width;
            rows[3 * (int)Math.Min(Math.Floor(at), count - 1) + 2]++;
        }
        return rows;
    }

    /// <summary>
    /// One event that opens this run as a session of TensorBoard's HParams plugin, with <paramref name="hparams"/> (each
    /// value a string, a bool or a number), so that its HParams tab lists the run beside others by these settings and
    /// the last value of each of its scalars. TensorBoard keeps the first one a run logs.
    /// </summary>
    /// <remarks>
    /// As the plugin's summary op writes it: an empty float tensor under <c>_hparams_/session_start_info</c>, whose
    /// metadata's plugin content is an <c>HParamsPluginData</c> (version 0) holding a <c>SessionStartInfo</c>: the
    /// hparams as a map of <c>google.protobuf.Value</c>s, and the start time.
    /// </remarks>
    public void SessionStart(IEnumerable<(string Name, object Value)> hparams, double? wallTime = null)
    {
        ArgumentNullException.ThrowIfNull(hparams);
        // Each value's writer is picked once, so a value TensorBoard cannot hold is refused before anything is written.
        (string Name, Action<ProtoWriter> Write)[] values = [.. hparams.Select(p => (p.Name ?? throw new ArgumentNullException(nameof(hparams)), ValueWriter(p.Name, p.Value)))];
        double time = wallTime ?? Now();
        HparamsEvent("_hparams_/session_start_info", time, data => data.Message(3, start =>
        {
            foreach (var (name, write) in values)
                start.Message(1, entry =>
                {
                    entry.String(1, name);
                    entry.Message(2, write);
                });
            start.Double(5, time);
        }));
    }

    /// <summary>
    /// A <c>google.protobuf.Value</c> of <paramref name="value"/>'s kind. The kind is a oneof, so a 0 or a false is
    /// written too: it says which kind the value is.
    /// </summary>
    private static Action<ProtoWriter> ValueWriter(string name, object value) => value switch
    {
        string text => v => v.String(3, text),
        bool flag => v => v.Int(4, flag ? 1 : 0),
        double or float or int or long => v => v.Double(2, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"hyperparameter '{name}' is a {value?.GetType().Name ?? "null"}; TensorBoard takes strings, bools and numbers"),
    };

    /// <summary>One event that closes the HParams session (<see cref="SessionStart"/>) as succeeded or failed, and when.</summary>
    public void SessionEnd(bool success, double? wallTime = null)
    {
        const int Succeeded = 1, Failed = 2; // tensorboard.hparams.Status
        double time = wallTime ?? Now();
        HparamsEvent("_hparams_/session_end_info", time, data => data.Message(4, end =>
        {
            end.Int(1, success ? Succeeded : Failed);
            end.Double(2, time);
        }));
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

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1e3;

    /// <summary>An HParams summary: its data is all in the plugin content; the tensor is the plugin's empty float one, of shape (0,).</summary>
    private void HparamsEvent(string tag, double time, Action<ProtoWriter> pluginData)
    {
        const int FloatType = 1;
        TensorEvent(0, time, tag, tensor =>
        {
            tensor.Int(1, FloatType);
            tensor.Message(2, shape => shape.Message(2, _ => { })); // one dimension, of size 0
        }, "hparams", pluginData);
    }

    /// <summary>An event of one tensor summary for <paramref name="plugin"/>, of the tensor data class, the class TensorBoard's reader gives the text, histogram and HParams plugins' summaries.</summary>
    private void TensorEvent(long step, double time, string tag, Action<ProtoWriter> tensor, string plugin, Action<ProtoWriter>? content)
    {
        const int TensorDataClass = 2;
        var e = new ProtoWriter();
        e.Double(1, time);
        e.Int(2, step);
        e.Message(5, summary => summary.Message(1, v =>
        {
            v.String(1, tag);
            v.Message(8, tensor);
            v.Message(9, metadata =>
            {
                metadata.Message(1, pluginData =>
                {
                    pluginData.String(1, plugin);
                    if (content is not null) pluginData.Message(2, content);
                });
                metadata.Int(4, TensorDataClass);
            });
        }));
        Record(e.ToArray());
    }

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
