using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apprentice.Nn;

/// <summary>
/// Reads and writes the safetensors layout (Hugging Face): an 8-byte little-endian header length, a
/// JSON header mapping each tensor name to its dtype, shape and byte range, plus an optional
/// <c>__metadata__</c> string map, then the raw little-endian data. Chosen so that Python's
/// <c>safetensors</c> reads our policies as they are. Float32 tensors only, which is all we store.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Writes the tensors (in the given order) and metadata to <paramref name="path"/> atomically: the
    /// file appears complete or not at all, so an interrupted save never destroys the previous one.
    /// </summary>
    public static void Write(string path, IReadOnlyList<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata) meta[key] = value;
            header[MetadataKey] = meta;
        }
        long offset = 0;
        foreach (Tensor t in tensors)
        {
            if (t.Name == MetadataKey || header.ContainsKey(t.Name))
                throw new ArgumentException($"tensor name '{t.Name}' is reserved or used twice");
            long bytes = 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // the reference writer pads the header with spaces to 8 bytes

        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write);
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (Tensor t in tensors)
            {
                if (BitConverter.IsLittleEndian)
                {
                    stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Data.AsSpan()));
                }
                else
                {
                    var buffer = new byte[4];
                    foreach (float v in t.Data)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
                        stream.Write(buffer);
                    }
                }
            }
        });
    }

    /// <summary>
    /// Reads every tensor and the metadata of a safetensors file. Any defect (missing, truncated, bad
    /// header, overlapping or out-of-range data, an unsupported dtype) throws an <see cref="InputException"/>
    /// naming the file and the defect.
    /// </summary>
    public static (IReadOnlyList<Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {ex.Message}");
        }
        string Bad(string what) => $"'{path}' is not a valid safetensors file: {what}";

        if (bytes.Length < 8) throw new InputException(Bad($"only {bytes.Length} bytes"));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw new InputException(Bad($"header length {headerLength} exceeds the file size {bytes.Length}"));
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw new InputException(Bad("the header is not a JSON object"));
        }
        catch (JsonException ex)
        {
            throw new InputException(Bad($"the header is not JSON ({ex.Message.Split('\n')[0]})"));
        }

        var metadata = new Dictionary<string, string>();
        var tensors = new List<(long Begin, Tensor Tensor)>();
        long covered = 0;
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                if (node is not JsonObject meta) throw new InputException(Bad("__metadata__ is not an object"));
                foreach (var (key, value) in meta)
                    metadata[key] = value is JsonValue v && v.TryGetValue(out string? s) ? s : throw new InputException(Bad($"metadata '{key}' is not a string"));
                continue;
            }
            try
            {
                var entry = (JsonObject)node!;
                string dtype = (string)entry["dtype"]!;
                int[] shape = ((JsonArray)entry["shape"]!).Select(d => (int)d!).ToArray();
                var offsets = (JsonArray)entry["data_offsets"]!;
                long begin = (long)offsets[0]!, end = (long)offsets[1]!;
                if (dtype != "F32") throw new InputException(Bad($"tensor '{name}' has dtype {dtype}; only F32 is supported"));
                if (shape.Any(d => d < 0)) throw new InputException(Bad($"tensor '{name}' has a negative dimension"));
                long count = shape.Aggregate(1L, (a, d) => a * d);
                if (begin < 0 || end < begin || end > dataLength)
                    throw new InputException(Bad($"tensor '{name}' spans bytes [{begin}, {end}) outside the {dataLength}-byte data"));
                if (end - begin != 4 * count)
                    throw new InputException(Bad($"tensor '{name}' has {end - begin} bytes for shape [{string.Join(", ", shape)}]"));
                var data = new float[count];
                for (long i = 0; i < count; i++)
                    data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (int)(begin + 4 * i), 4));
                tensors.Add((begin, new Tensor(name, shape, data)));
                covered += end - begin;
            }
            catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new InputException(Bad($"tensor '{name}' has a malformed entry"));
            }
        }
        tensors.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        for (int i = 1; i < tensors.Count; i++)
        {
            Tensor previous = tensors[i - 1].Tensor;
            if (tensors[i].Begin < tensors[i - 1].Begin + 4L * previous.Data.Length)
                throw new InputException(Bad($"tensors '{previous.Name}' and '{tensors[i].Tensor.Name}' overlap"));
        }
        if (covered != dataLength)
            throw new InputException(Bad($"the tensors cover {covered} of {dataLength} data bytes"));
        return (tensors.Select(t => t.Tensor).ToList(), metadata);
    }
}
