using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Apprentice.Data;

/// <summary>
/// One NumPy array in the <c>.npy</c> format (NEP 1): the magic <c>\x93NUMPY</c>, a version byte pair, a header
/// length, a Python-literal dict <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>, then the
/// raw values. Holds the values in C order as a typed array. Dtypes: <c>f4 f8 i4 i8 u1 b1</c>, either byte order.
/// Object arrays (<c>|O</c>) hold pickles and are refused: a pickle can run code.
/// </summary>
public sealed class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private readonly Array _values;

    public NpyArray(string name, float[] values, params int[] shape) : this(name, "<f4", values, shape) { }

    public NpyArray(string name, double[] values, params int[] shape) : this(name, "<f8", values, shape) { }

    public NpyArray(string name, long[] values, params int[] shape) : this(name, "<i8", values, shape) { }

    public NpyArray(string name, bool[] values, params int[] shape) : this(name, "|b1", values, shape) { }

    private NpyArray(string name, string dtype, Array values, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"array '{name}' has a negative dimension in shape {FormatShape(shape)}");
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"array '{name}' has {values.Length} values but shape {FormatShape(shape)} needs {count}");
        Name = name;
        DType = dtype;
        Shape = (int[])shape.Clone();
        _values = values;
    }

    public string Name { get; }

    /// <summary>NumPy's dtype string, little-endian for multi-byte types: <c>&lt;f4</c>, <c>&lt;f8</c>, <c>&lt;i4</c>, <c>&lt;i8</c>, <c>|u1</c>, <c>|b1</c>.</summary>
    public string DType { get; }

    public int[] Shape { get; }

    /// <summary>NumPy's name for the dtype: float32, float64, int32, int64, uint8, bool.</summary>
    public string TypeName => DType switch
    {
        "<f4" => "float32",
        "<f8" => "float64",
        "<i4" => "int32",
        "<i8" => "int64",
        "|u1" => "uint8",
        _ => "bool",
    };

    public int Length => _values.Length;

    public bool IsInteger => DType is "<i4" or "<i8" or "|u1";

    public bool IsFloat => DType is "<f4" or "<f8";

    public bool IsBool => DType == "|b1";

    /// <summary>The values as float32, converted from any numeric dtype; C order.</summary>
    public float[] ToSingle() => _values switch
    {
        float[] f => (float[])f.Clone(),
        double[] d => Array.ConvertAll(d, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        int[] i => Array.ConvertAll(i, v => (float)v),
        byte[] b => Array.ConvertAll(b, v => (float)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1f : 0f),
        _ => throw new InvalidOperationException(DType),
    };

    /// <summary>
    /// <see cref="ToSingle"/> without its copy when the values are float32 already: the array itself, for a reader that
    /// splits it and drops this one (a copy of an obs array of gigabytes would double the memory loading takes).
    /// </summary>
    internal float[] SinglesUncopied() => _values as float[] ?? ToSingle();

    /// <summary>The values as float64, converted from any numeric dtype; C order.</summary>
    public double[] ToDouble() => _values switch
    {
        float[] f => Array.ConvertAll(f, v => (double)v),
        double[] d => (double[])d.Clone(),
        long[] l => Array.ConvertAll(l, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1.0 : 0.0),
        _ => throw new InvalidOperationException(DType),
    };

    /// <summary>The values as int64; only integer and bool arrays convert (a float would silently truncate).</summary>
    public long[] ToInt64() => _values switch
    {
        long[] l => (long[])l.Clone(),
        int[] i => Array.ConvertAll(i, v => (long)v),
        byte[] b => Array.ConvertAll(b, v => (long)v),
        bool[] b => Array.ConvertAll(b, v => v ? 1L : 0L),
        _ => throw new InvalidOperationException($"array '{Name}' has dtype {DType}, not an integer type"),
    };

    /// <summary>The values as bool; only bool arrays convert.</summary>
    public bool[] ToBoolean() => _values is bool[] b
        ? (bool[])b.Clone()
        : throw new InvalidOperationException($"array '{Name}' has dtype {DType}, not bool");

    /// <summary>Writes this array as a version 1.0 <c>.npy</c>, byte for byte as <c>numpy.save</c> does.</summary>
    public void WriteNpy(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Header(DType, Shape));
        switch (_values)
        {
            case bool[] b: WriteValues<byte>(destination, MemoryMarshal.Cast<bool, byte>(b)); break; // .NET's bools are the bytes 0 and 1, as NumPy's
            case byte[] b: WriteValues<byte>(destination, b); break;
            case float[] f: WriteValues<float>(destination, f); break;
            case double[] d: WriteValues<double>(destination, d); break;
            case int[] i: WriteValues<int>(destination, i); break;
            case long[] l: WriteValues<long>(destination, l); break;
            default: throw new InvalidOperationException($"array '{Name}' holds {_values.GetType().Name}");
        }
    }

    /// <summary>
    /// Writes <paramref name="values"/> as little-endian bytes a chunk at a time, so that an array past 2 GB of bytes
    /// is written without a copy of it (a span of bytes holds at most 2 GB).
    /// </summary>
    internal static void WriteValues<T>(Stream destination, ReadOnlySpan<T> values) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        byte[]? swapped = BitConverter.IsLittleEndian || size == 1 ? null : ArrayPool<byte>.Shared.Rent(Chunk * size);
        try
        {
            for (int start = 0; start < values.Length; start += Chunk)
            {
                ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values.Slice(start, Math.Min(Chunk, values.Length - start)));
                if (swapped is not null)
                {
                    bytes.CopyTo(swapped);
                    SwapBytes(swapped.AsSpan(0, bytes.Length), size);
                    bytes = swapped.AsSpan(0, bytes.Length);
                }
                destination.Write(bytes);
            }
        }
        finally
        {
            if (swapped is not null) ArrayPool<byte>.Shared.Return(swapped);
        }
    }

    /// <summary>Values per read or write: a chunk's bytes stay well within a span's reach.</summary>
    private const int Chunk = 1 << 20;

    /// <summary>
    /// The 1.0 header numpy writes: magic, version, little-endian uint16 length, the dict, padded with spaces and
    /// a final newline so the data starts on a 64-byte boundary.
    /// </summary>
    internal static byte[] Header(string dtype, int[] shape)
    {
        string dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        var header = new byte[total];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(total - 10));
        Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header.AsSpan(10 + dict.Length, total - 11 - dict.Length).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Python's tuple repr: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c>.</summary>
    internal static string FormatShape(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => $"({string.Join(", ", shape)})",
    };

    /// <summary>
    /// Reads one <c>.npy</c> from <paramref name="source"/>. Every defect throws <see cref="InputException"/>
    /// starting with <paramref name="context"/> (which names the file and the array).
    /// </summary>
    /// <param name="length">The bytes <paramref name="source"/> holds (a zip entry's size), when it cannot seek: a
    /// truncated or damaged file is then refused before memory is taken for the values it claims.</param>
    public static NpyArray ReadNpy(Stream source, string name, string context, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prefix = stackalloc byte[8];
        if (ReadFully(source, prefix) < 8 || !prefix[..6].SequenceEqual(Magic))
            throw new InputException($"{context}: not a .npy array (the magic bytes \\x93NUMPY are missing)");
        int major = prefix[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InputException($"{context}: .npy format version {major}.{prefix[7]} is not supported (1.0, 2.0, 3.0 are)"),
        };
        Span<byte> lengthField = stackalloc byte[4];
        if (ReadFully(source, lengthField[..lengthBytes]) < lengthBytes)
            throw new InputException($"{context}: truncated header");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1_000_000) throw new InputException($"{context}: header length {headerLength} is implausible");
        var headerBytes = new byte[headerLength];
        if (ReadFully(source, headerBytes) < headerLength) throw new InputException($"{context}: truncated header");
        string header = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);

        var dict = NpyHeader.Parse(header, context);
        if (!dict.TryGetValue("descr", out object? descrValue) || descrValue is not string descr)
            throw new InputException($"{context}: header has no string 'descr' (structured dtypes are not supported): {header.Trim()}");
        if (!dict.TryGetValue("fortran_order", out object? fortranValue) || fortranValue is not bool fortran)
            throw new InputException($"{context}: header has no boolean 'fortran_order': {header.Trim()}");
        if (!dict.TryGetValue("shape", out object? shapeValue) || shapeValue is not int[] shape)
            throw new InputException($"{context}: header has no integer tuple 'shape': {header.Trim()}");

        if (descr.Length >= 2 && descr[1] == 'O')
            throw new InputException($"{context}: holds Python objects (dtype {descr}); Apprentice never unpickles data, since a pickle can run code");
        (string dtype, bool bigEndian) = NormalizeDType(descr, context);
        long count = 1;
        foreach (int d in shape) count = checked(count * d);
        if (count > Array.MaxLength)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{context}: shape {FormatShape(shape)} holds {count:N0} values, more than one array can hold here ({Array.MaxLength:N0})"));
        long byteCount = count * ItemSize(dtype[2]);
        long? left = source.CanSeek ? source.Length - source.Position : length - (prefix.Length + lengthBytes + headerLength);
        if (byteCount > left)
            throw new InputException($"{context}: truncated: shape {FormatShape(shape)} of {descr} needs {byteCount} bytes, found {Math.Max(0, left.Value)}");
        bool swap = bigEndian != !BitConverter.IsLittleEndian;
        long read;
        Array values = dtype switch
        {
            "|b1" => Array.ConvertAll(ReadValues<byte>(source, count, swap, out read), v => v != 0),
            "|u1" => ReadValues<byte>(source, count, swap, out read),
            "<f4" => ReadValues<float>(source, count, swap, out read),
            "<f8" => ReadValues<double>(source, count, swap, out read),
            "<i4" => ReadValues<int>(source, count, swap, out read),
            _ => ReadValues<long>(source, count, swap, out read),
        };
        if (read < byteCount)
            throw new InputException($"{context}: truncated: shape {FormatShape(shape)} of {descr} needs {byteCount} bytes, found {read}");
        if (source.ReadByte() >= 0)
            throw new InputException($"{context}: more data than shape {FormatShape(shape)} of {descr} holds ({byteCount} bytes)");
        if (fortran && shape.Length > 1) values = FortranToC(values, shape);
        return new NpyArray(name, dtype, values, shape);
    }

    private static (string DType, bool BigEndian) NormalizeDType(string descr, string context)
    {
        if (descr.Length == 3)
        {
            char order = descr[0];
            string kind = descr[1..];
            bool known = kind is "f4" or "f8" or "i4" or "i8" or "u1" or "b1";
            if (known && order is '<' or '>' or '=' or '|')
            {
                bool oneByte = kind is "u1" or "b1";
                return ((oneByte ? "|" : "<") + kind, order == '>' || (order == '=' && !BitConverter.IsLittleEndian));
            }
        }
        throw new InputException($"{context}: dtype '{descr}' is not supported; use float32, float64, int32, int64, uint8 or bool");
    }

    private static int ItemSize(char digit) => digit - '0';

    private static void SwapBytes(Span<byte> data, int size)
    {
        if (size == 1) return;
        for (int i = 0; i < data.Length; i += size) data.Slice(i, size).Reverse();
    }

    /// <summary>
    /// Reads <paramref name="count"/> values straight into their array a chunk at a time (no second copy of an array
    /// that may pass 2 GB); <paramref name="read"/> is the bytes found, fewer than asked when the file is truncated.
    /// </summary>
    private static T[] ReadValues<T>(Stream source, long count, bool swap, out long read) where T : unmanaged
    {
        var values = new T[count];
        read = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan(start, Math.Min(Chunk, values.Length - start)));
            int found = ReadFully(source, bytes);
            read += found;
            if (found < bytes.Length) break;
            if (swap) SwapBytes(bytes, Unsafe.SizeOf<T>());
        }
        return values;
    }

    // Fortran order stores the first index fastest; rewrite so the last index is fastest.
    private static Array FortranToC(Array source, int[] shape)
    {
        Array result = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
        int rank = shape.Length;
        var index = new int[rank];
        var fortranStride = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++)
        {
            fortranStride[d] = stride;
            stride *= shape[d];
        }
        for (int c = 0; c < source.Length; c++)
        {
            long f = 0;
            for (int d = 0; d < rank; d++) f += index[d] * fortranStride[d];
            result.SetValue(source.GetValue(f), c);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    private static int ReadFully(Stream source, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = source.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    public override string ToString() => $"{Name}: {DType} {FormatShape(Shape)}";
}
