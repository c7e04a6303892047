using System.Buffers.Binary;
using System.Text;

namespace Apprentice;

/// <summary>
/// Protocol-buffer wire encoding, the little that writing a message needs: varint and length-delimited
/// fields, with nested messages written by a callback into their own buffer so their length can prefix them.
/// </summary>
public sealed class ProtoWriter
{
    private const int VarintType = 0, Fixed64Type = 1, LengthDelimitedType = 2, Fixed32Type = 5;
    private readonly MemoryStream _buffer = new();

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>An int64, int32 or enum field (negative values take ten bytes, as protobuf's two's complement does).</summary>
    public void Int(int field, long value)
    {
        Tag(field, VarintType);
        Varint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, Fixed32Type);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void Double(int field, double value)
    {
        Tag(field, Fixed64Type);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A nested message: whatever <paramref name="write"/> writes, prefixed by its length.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        Bytes(field, nested._buffer.GetBuffer().AsSpan(0, (int)nested._buffer.Length));
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
