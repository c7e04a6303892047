using System.Buffers.Binary;
using System.Text;

namespace Apprentice.Tests.Common;

/// <summary>
/// TensorBoard event files: CRC-32C against its published check values, one event's bytes against the encoding worked
/// out by hand from <c>event.proto</c> and <c>summary.proto</c>, and files read back record by record with every
/// length and checksum verified, as TensorBoard's reader does.
/// </summary>
public sealed class TensorBoardWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("123456789", 0xE3069283u)] // the CRC-32C check value
    [InlineData("", 0u)]
    public void Crc32C_GivesTheCheckValues(string text, uint expected) => Assert.Equal(expected, TensorBoardWriter.Crc32C(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32C_OfThirtyTwoZeros_IsIscsisTestVector() => Assert.Equal(0x8A9136AAu, TensorBoardWriter.Crc32C(new byte[32])); // RFC 3720, B.4

    [Fact]
    public void Scalars_OneEvent_IsTheProtobufWorkedOutByHand()
    {
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir)) w.Scalars(3, [("a", 2f)], wallTime: 1.5);
        byte[][] records = Records(Directory.GetFiles(_dir).Single());
        Assert.Equal(2, records.Length);
        byte[] expected =
        [
            0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F,  // 1: wall_time, fixed64 1.5
            0x10, 0x03,                          // 2: step, varint 3
            0x2A, 0x0A,                          // 5: summary, 10 bytes
            0x0A, 0x08,                          //   1: value, 8 bytes
            0x0A, 0x01, (byte)'a',               //     1: tag "a"
            0x15, 0, 0, 0, 0x40,                 //     2: simple_value, fixed32 2.0
        ];
        Assert.Equal(expected, records[1]);
        Assert.Equal(0x1A, records[0][9]); // 3: file_version, after the wall time
        Assert.Equal("brain.Event:2", Encoding.UTF8.GetString(records[0], 11, records[0][10]));
    }

    [Fact]
    public void Continue_AppendsToTheNewestFile_AndIsNullWithoutOne()
    {
        Assert.Null(TensorBoardWriter.Continue(_dir));
        Assert.Null(TensorBoardWriter.Continue(Path.Combine(_dir, "missing")));
        string path;
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir))
        {
            w.Scalars(1, [("x", 1f)]);
            path = w.Path;
        }
        using (TensorBoardWriter w = TensorBoardWriter.Continue(_dir)!)
        {
            Assert.Equal(path, w.Path);
            w.Scalars(2, [("x", 2f), ("y", -1f)]);
        }
        Assert.StartsWith(TensorBoardWriter.Prefix, Path.GetFileName(path));
        Assert.Equal(3, Records(path).Length);
    }

    /// <summary>The records of a TFRecord file, each length and checksum verified.</summary>
    internal static byte[][] Records(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        for (int at = 0; at < file.Length;)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
            Assert.Equal(TensorBoardWriter.Masked(TensorBoardWriter.Crc32C(file.AsSpan(at, 8))), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)));
            byte[] data = file.AsSpan(at + 12, (int)length).ToArray();
            Assert.Equal(TensorBoardWriter.Masked(TensorBoardWriter.Crc32C(data)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)));
            records.Add(data);
            at += 16 + (int)length;
        }
        return [.. records];
    }
}
