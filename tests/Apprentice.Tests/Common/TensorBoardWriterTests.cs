using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

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

    /// <summary>
    /// The file as Python reads it: protobuf's own parser (Debian's <c>python3-protobuf</c>) decodes every record with
    /// <c>Event</c>, <c>Summary</c> and <c>Summary.Value</c> declared by their field numbers, after a bitwise CRC-32C
    /// written from its polynomial checks each length and payload. Skipped without protobuf unless
    /// <c>APPRENTICE_REQUIRE_PROTOBUF=1</c> (CI).
    /// </summary>
    [Fact]
    public void EventFile_DecodesWithPythonsProtobuf()
    {
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir))
        {
            w.Scalars(1, [("mean_return", 23.5f), ("kl", 0.0098f)], wallTime: 100.25);
            w.Scalars(2, [("mean_return", float.NaN), ("kl", -1e30f)], wallTime: 101);
            w.Text(0, "config", "    {\n      \"seed\": 0, \"λ\": 0.001\n    }", wallTime: 102);
        }
        JsonElement events = Data.PythonModule.Protobuf.RunJson("""
            import json, math, struct, sys
            from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
            F = descriptor_pb2.FieldDescriptorProto
            proto = descriptor_pb2.FileDescriptorProto(name="event.proto", package="tensorflow", syntax="proto3")
            def message(name, fields):
                m = proto.message_type.add(name=name)
                for field, number, kind, label, type_name in fields:
                    f = m.field.add(name=field, number=number, type=kind, label=label)
                    if type_name: f.type_name = type_name
            one, many = F.LABEL_OPTIONAL, F.LABEL_REPEATED
            message("Dim", [("size", 1, F.TYPE_INT64, one, None)])
            message("TensorShapeProto", [("dim", 2, F.TYPE_MESSAGE, many, ".tensorflow.Dim")])
            message("TensorProto", [("dtype", 1, F.TYPE_INT32, one, None), ("tensor_shape", 2, F.TYPE_MESSAGE, one, ".tensorflow.TensorShapeProto"),
                                    ("string_val", 8, F.TYPE_BYTES, many, None)])
            message("PluginData", [("plugin_name", 1, F.TYPE_STRING, one, None), ("content", 2, F.TYPE_BYTES, one, None)])
            message("SummaryMetadata", [("plugin_data", 1, F.TYPE_MESSAGE, one, ".tensorflow.PluginData"), ("data_class", 4, F.TYPE_INT32, one, None)])
            message("Value", [("tag", 1, F.TYPE_STRING, one, None), ("simple_value", 2, F.TYPE_FLOAT, one, None),
                              ("tensor", 8, F.TYPE_MESSAGE, one, ".tensorflow.TensorProto"), ("metadata", 9, F.TYPE_MESSAGE, one, ".tensorflow.SummaryMetadata")])
            message("Summary", [("value", 1, F.TYPE_MESSAGE, many, ".tensorflow.Value")])
            message("Event", [("wall_time", 1, F.TYPE_DOUBLE, one, None), ("step", 2, F.TYPE_INT64, one, None),
                              ("file_version", 3, F.TYPE_STRING, one, None), ("summary", 5, F.TYPE_MESSAGE, one, ".tensorflow.Summary")])
            pool = descriptor_pool.DescriptorPool()
            pool.Add(proto)
            descriptor = pool.FindMessageTypeByName("tensorflow.Event")
            if hasattr(message_factory, "GetMessageClass"):  # protobuf 4.22 and later
                Event = message_factory.GetMessageClass(descriptor)
            else:
                Event = message_factory.MessageFactory(pool).GetPrototype(descriptor)
            def crc32c(data):
                crc = 0xFFFFFFFF
                for b in data:
                    crc ^= b
                    for _ in range(8):
                        crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
                return crc ^ 0xFFFFFFFF
            masked = lambda c: (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
            data, at, out = open(sys.argv[1], "rb").read(), 0, []
            while at < len(data):
                (n,) = struct.unpack_from("<Q", data, at)
                assert struct.unpack_from("<I", data, at + 8)[0] == masked(crc32c(data[at:at + 8]))
                payload = data[at + 12:at + 12 + n]
                assert struct.unpack_from("<I", data, at + 12 + n)[0] == masked(crc32c(payload))
                e = Event()
                e.ParseFromString(payload)
                out.append({"wall_time": e.wall_time, "step": e.step, "file_version": e.file_version,
                            "values": [[v.tag, "nan" if math.isnan(v.simple_value) else v.simple_value] for v in e.summary.value],
                            "texts": [{"dtype": v.tensor.dtype, "dims": len(v.tensor.tensor_shape.dim), "has_shape": v.tensor.HasField("tensor_shape"),
                                       "strings": [t.decode("utf-8") for t in v.tensor.string_val], "plugin": v.metadata.plugin_data.plugin_name,
                                       "data_class": v.metadata.data_class} for v in e.summary.value if v.HasField("tensor")]})
                at += 16 + n
            print(json.dumps(out))
            """, Directory.GetFiles(_dir).Single());

        Assert.Equal(4, events.GetArrayLength());
        Assert.Equal("brain.Event:2", events[0].GetProperty("file_version").GetString());
        Assert.Equal((1L, 100.25), (events[1].GetProperty("step").GetInt64(), events[1].GetProperty("wall_time").GetDouble()));
        JsonElement first = events[1].GetProperty("values"), second = events[2].GetProperty("values");
        Assert.Equal(("mean_return", 23.5f), (first[0][0].GetString(), (float)first[0][1].GetDouble()));
        Assert.Equal(("kl", 0.0098f), (first[1][0].GetString(), (float)first[1][1].GetDouble()));
        Assert.Equal("nan", second[0][1].GetString());
        Assert.Equal(-1e30f, (float)second[1][1].GetDouble());
        // TensorBoard's text plugin: a scalar DT_STRING tensor (7) tagged for it, of the tensor data class (2).
        Assert.Equal((0L, 102.0), (events[3].GetProperty("step").GetInt64(), events[3].GetProperty("wall_time").GetDouble()));
        Assert.Equal("config", events[3].GetProperty("values")[0][0].GetString());
        JsonElement text = events[3].GetProperty("texts").EnumerateArray().Single();
        Assert.Equal((7, 0, true, "text", 2), (text.GetProperty("dtype").GetInt32(), text.GetProperty("dims").GetInt32(), text.GetProperty("has_shape").GetBoolean(),
            text.GetProperty("plugin").GetString(), text.GetProperty("data_class").GetInt32()));
        Assert.Equal(["    {\n      \"seed\": 0, \"λ\": 0.001\n    }"], text.GetProperty("strings").EnumerateArray().Select(v => v.GetString()));
    }
}
