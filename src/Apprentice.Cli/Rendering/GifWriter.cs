namespace Apprentice.Cli.Rendering;

/// <summary>
/// An animated GIF (GIF89a) of indexed frames over one global palette, looping forever: each frame is its palette
/// indices, compressed with the variable-width LZW code the format prescribes (codes of 3 to 12 bits, packed
/// least-significant bit first, a clear code when the 4,096 codes run out).
/// </summary>
internal sealed class GifWriter : IDisposable
{
    private const int MaxCodes = 4096;
    private readonly Stream _stream;
    private readonly int _width, _height, _paletteBits;
    private readonly Dictionary<int, int> _table = new(MaxCodes);
    private readonly List<byte> _block = new(255);
    private int _bitBuffer, _bitCount;

    /// <param name="palette">RGB triples, at most 256 colours.</param>
    public GifWriter(Stream stream, int width, int height, IReadOnlyList<(byte R, byte G, byte B)> palette)
    {
        if (palette.Count is < 1 or > 256) throw new ArgumentException($"a GIF palette holds 1 to 256 colours, not {palette.Count}", nameof(palette));
        _stream = stream;
        _width = width;
        _height = height;
        _paletteBits = 1;
        while (1 << _paletteBits < palette.Count) _paletteBits++;

        Write("GIF89a"u8);
        WriteUInt16(width);
        WriteUInt16(height);
        _stream.WriteByte((byte)(0x80 | (_paletteBits - 1) << 4 | (_paletteBits - 1))); // global table, its size
        _stream.WriteByte(0); // background colour index
        _stream.WriteByte(0); // square pixels
        for (int i = 0; i < 1 << _paletteBits; i++)
        {
            var (r, g, b) = i < palette.Count ? palette[i] : ((byte)0, (byte)0, (byte)0);
            _stream.WriteByte(r);
            _stream.WriteByte(g);
            _stream.WriteByte(b);
        }
        // NETSCAPE2.0 application extension: loop forever.
        Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
    }

    /// <summary>Adds a frame of <c>width × height</c> palette indices, row by row, shown for <paramref name="centiseconds"/>.</summary>
    public void AddFrame(ReadOnlySpan<byte> indices, int centiseconds)
    {
        if (indices.Length != _width * _height) throw new ArgumentException($"a frame has {_width * _height} pixels, not {indices.Length}", nameof(indices));
        // Graphic control extension: leave the frame in place (each one covers the whole image), its delay.
        Write([0x21, 0xF9, 0x04, 0x04]);
        WriteUInt16(centiseconds);
        Write([0x00, 0x00]);
        // Image descriptor: the whole image, no local palette, not interlaced.
        _stream.WriteByte(0x2C);
        WriteUInt16(0);
        WriteUInt16(0);
        WriteUInt16(_width);
        WriteUInt16(_height);
        _stream.WriteByte(0);
        Compress(indices);
    }

    public void Dispose()
    {
        _stream.WriteByte(0x3B); // trailer
        _stream.Flush();
    }

    private void Compress(ReadOnlySpan<byte> indices)
    {
        int minimum = Math.Max(2, _paletteBits), clear = 1 << minimum, end = clear + 1;
        _stream.WriteByte((byte)minimum);
        int width = minimum + 1, highest = end, overflow = 1 << width;
        _table.Clear();
        Emit(clear, width);

        // Each emitted code makes a new entry with the next code; the width grows when that code no longer fits,
        // and a full table starts over with a clear code (the decoder follows the same rule one code behind).
        // Returns whether the entry was made.
        bool NextCode()
        {
            highest++;
            if (highest == overflow)
            {
                width++;
                overflow <<= 1;
            }
            if (highest < MaxCodes - 1) return true;
            Emit(clear, width);
            width = minimum + 1;
            highest = end;
            overflow = 1 << width;
            _table.Clear();
            return false;
        }

        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int key = prefix << 8 | indices[i];
            if (_table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }
            Emit(prefix, width);
            prefix = indices[i];
            if (NextCode()) _table[key] = highest;
        }
        Emit(prefix, width);
        NextCode();
        Emit(end, width);
        if (_bitCount > 0) Byte((byte)_bitBuffer);
        _bitBuffer = _bitCount = 0;
        FlushBlock();
        _stream.WriteByte(0); // end of the frame's data
    }

    private void Emit(int code, int width)
    {
        _bitBuffer |= code << _bitCount;
        _bitCount += width;
        while (_bitCount >= 8)
        {
            Byte((byte)_bitBuffer);
            _bitBuffer >>= 8;
            _bitCount -= 8;
        }
    }

    private void Byte(byte b)
    {
        _block.Add(b);
        if (_block.Count == 255) FlushBlock();
    }

    /// <summary>Image data travels in sub-blocks of at most 255 bytes, each led by its length.</summary>
    private void FlushBlock()
    {
        if (_block.Count == 0) return;
        _stream.WriteByte((byte)_block.Count);
        foreach (byte b in _block) _stream.WriteByte(b);
        _block.Clear();
    }

    private void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    private void WriteUInt16(int value)
    {
        _stream.WriteByte((byte)value);
        _stream.WriteByte((byte)(value >> 8));
    }
}
