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

    /// <summary>Whether a record is a histogram's: its metadata names the histograms plugin (field 1, 10 bytes).</summary>
    internal static bool IsHistogram(byte[] record) => record.AsSpan().IndexOf("\n\nhistograms"u8) >= 0;

    /// <summary>The records of an event file that are not histograms, and the histograms' tags in order.</summary>
    internal static (byte[][] Others, string[] HistogramTags) SplitHistograms(string path)
    {
        byte[][] records = Records(path);
        return ([.. records.Where(r => !IsHistogram(r))], [.. records.Where(IsHistogram).Select(TagOf)]);
    }

    // Event.summary (5) → its first Summary.value (1) → Value.tag (1).
    private static string TagOf(byte[] record) => Encoding.UTF8.GetString(Field(Field(Field(record, 5), 1), 1));

    /// <summary>The first length-delimited field <paramref name="number"/> of a protobuf message.</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> message, int number)
    {
        for (int at = 0; at < message.Length;)
        {
            ulong key = Varint(message, ref at);
            switch (key & 7)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int length = (int)Varint(message, ref at);
                    if ((int)(key >> 3) == number) return message.Slice(at, length);
                    at += length;
                    break;
                default: throw new Xunit.Sdk.XunitException($"wire type {key & 7} at byte {at}");
            }
        }
        throw new Xunit.Sdk.XunitException($"no field {number}");
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    /// <summary>
    /// Python that reads an event file as TensorBoard does, into <c>events</c>: protobuf's own parser (Debian's
    /// <c>python3-protobuf</c>) decodes every record with <c>Event</c>, <c>Summary</c> and <c>Summary.Value</c> declared
    /// by their field numbers, after a bitwise CRC-32C written from its polynomial checks each length and payload; and
    /// <c>HParams</c>, the HParams plugin's <c>HParamsPluginData</c> over protobuf's own <c>google.protobuf.Value</c>.
    /// </summary>
    private const string ReadEvents = """
        import json, math, struct, sys
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, struct_pb2
        F = descriptor_pb2.FieldDescriptorProto
        one, many = F.LABEL_OPTIONAL, F.LABEL_REPEATED
        def message(container, name, fields):
            m = container.add(name=name)
            for field, number, kind, label, type_name in fields:
                f = m.field.add(name=field, number=number, type=kind, label=label)
                if type_name: f.type_name = type_name
            return m
        proto = descriptor_pb2.FileDescriptorProto(name="event.proto", package="tensorflow", syntax="proto3")
        message(proto.message_type, "Dim", [("size", 1, F.TYPE_INT64, one, None)])
        message(proto.message_type, "TensorShapeProto", [("dim", 2, F.TYPE_MESSAGE, many, ".tensorflow.Dim")])
        message(proto.message_type, "TensorProto", [("dtype", 1, F.TYPE_INT32, one, None), ("tensor_shape", 2, F.TYPE_MESSAGE, one, ".tensorflow.TensorShapeProto"),
                                                    ("tensor_content", 4, F.TYPE_BYTES, one, None), ("string_val", 8, F.TYPE_BYTES, many, None)])
        message(proto.message_type, "PluginData", [("plugin_name", 1, F.TYPE_STRING, one, None), ("content", 2, F.TYPE_BYTES, one, None)])
        message(proto.message_type, "SummaryMetadata", [("plugin_data", 1, F.TYPE_MESSAGE, one, ".tensorflow.PluginData"), ("data_class", 4, F.TYPE_INT32, one, None)])
        message(proto.message_type, "Value", [("tag", 1, F.TYPE_STRING, one, None), ("simple_value", 2, F.TYPE_FLOAT, one, None),
                                              ("tensor", 8, F.TYPE_MESSAGE, one, ".tensorflow.TensorProto"), ("metadata", 9, F.TYPE_MESSAGE, one, ".tensorflow.SummaryMetadata")])
        message(proto.message_type, "Summary", [("value", 1, F.TYPE_MESSAGE, many, ".tensorflow.Value")])
        message(proto.message_type, "Event", [("wall_time", 1, F.TYPE_DOUBLE, one, None), ("step", 2, F.TYPE_INT64, one, None),
                                              ("file_version", 3, F.TYPE_STRING, one, None), ("summary", 5, F.TYPE_MESSAGE, one, ".tensorflow.Summary")])
        hparams = descriptor_pb2.FileDescriptorProto(name="plugin_data.proto", package="tensorboard.hparams", syntax="proto3",
                                                     dependency=["google/protobuf/struct.proto"])
        start = message(hparams.message_type, "SessionStartInfo", [("hparams", 1, F.TYPE_MESSAGE, many, ".tensorboard.hparams.SessionStartInfo.HparamsEntry"),
                                                                    ("group_name", 4, F.TYPE_STRING, one, None), ("start_time_secs", 5, F.TYPE_DOUBLE, one, None)])
        entry = message(start.nested_type, "HparamsEntry", [("key", 1, F.TYPE_STRING, one, None), ("value", 2, F.TYPE_MESSAGE, one, ".google.protobuf.Value")])
        entry.options.map_entry = True
        message(hparams.message_type, "SessionEndInfo", [("status", 1, F.TYPE_INT32, one, None), ("end_time_secs", 2, F.TYPE_DOUBLE, one, None)])
        data = message(hparams.message_type, "HParamsPluginData", [("version", 1, F.TYPE_INT32, one, None),
                                                                   ("session_start_info", 3, F.TYPE_MESSAGE, one, ".tensorboard.hparams.SessionStartInfo"),
                                                                   ("session_end_info", 4, F.TYPE_MESSAGE, one, ".tensorboard.hparams.SessionEndInfo")])
        data.oneof_decl.add(name="data")
        for f in data.field[1:]: f.oneof_index = 0
        pool = descriptor_pool.DescriptorPool()
        struct_proto = descriptor_pb2.FileDescriptorProto()
        struct_pb2.DESCRIPTOR.CopyToProto(struct_proto)
        for p in (proto, struct_proto, hparams): pool.Add(p)
        def message_class(name):
            descriptor = pool.FindMessageTypeByName(name)
            if hasattr(message_factory, "GetMessageClass"):  # protobuf 4.22 and later
                return message_factory.GetMessageClass(descriptor)
            return message_factory.MessageFactory(pool).GetPrototype(descriptor)
        Event, HParams = message_class("tensorflow.Event"), message_class("tensorboard.hparams.HParamsPluginData")
        def crc32c(data):
            crc = 0xFFFFFFFF
            for b in data:
                crc ^= b
                for _ in range(8):
                    crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
            return crc ^ 0xFFFFFFFF
        masked = lambda c: (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
        raw, at, events = open(sys.argv[1], "rb").read(), 0, []
        while at < len(raw):
            (n,) = struct.unpack_from("<Q", raw, at)
            assert struct.unpack_from("<I", raw, at + 8)[0] == masked(crc32c(raw[at:at + 8]))
            payload = raw[at + 12:at + 12 + n]
            assert struct.unpack_from("<I", raw, at + 12 + n)[0] == masked(crc32c(payload))
            e = Event()
            e.ParseFromString(payload)
            events.append(e)
            at += 16 + n

        """;

    /// <summary>The file as Python reads it (<see cref="ReadEvents"/>). Skipped without protobuf unless <c>APPRENTICE_REQUIRE_PROTOBUF=1</c> (CI).</summary>
    [Fact]
    public void EventFile_DecodesWithPythonsProtobuf()
    {
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir))
        {
            w.Scalars(1, [("mean_return", 23.5f), ("kl", 0.0098f)], wallTime: 100.25);
            w.Scalars(2, [("mean_return", float.NaN), ("kl", -1e30f)], wallTime: 101);
            w.Text(0, "config", "    {\n      \"seed\": 0, \"λ\": 0.001\n    }", wallTime: 102);
        }
        JsonElement events = Data.PythonModule.Protobuf.RunJson(ReadEvents + """
            print(json.dumps([{"wall_time": e.wall_time, "step": e.step, "file_version": e.file_version,
                               "values": [[v.tag, "nan" if math.isnan(v.simple_value) else v.simple_value] for v in e.summary.value],
                               "texts": [{"dtype": v.tensor.dtype, "dims": len(v.tensor.tensor_shape.dim), "has_shape": v.tensor.HasField("tensor_shape"),
                                          "strings": [t.decode("utf-8") for t in v.tensor.string_val], "plugin": v.metadata.plugin_data.plugin_name,
                                          "data_class": v.metadata.data_class} for v in e.summary.value if v.HasField("tensor")]} for e in events]))
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

    /// <summary>
    /// A session of the HParams plugin as Python reads it (<see cref="ReadEvents"/>): the plugin's data in the metadata of
    /// an empty float tensor of shape (0,), each hyperparameter a <c>google.protobuf.Value</c> of its own kind (a 0 and a
    /// false included, which a oneof keeps), then the end's status. Skipped without protobuf unless
    /// <c>APPRENTICE_REQUIRE_PROTOBUF=1</c> (CI).
    /// </summary>
    [Fact]
    public void HistogramBuckets_EqualWidthsFromTheLeastValueToTheGreatest()
    {
        // 0..10 in 5 buckets of width 2: a value on an inner edge counts to its right, the greatest in the last, a
        // non-finite value nowhere.
        Assert.Equal([0, 2, 2, 2, 4, 2, 4, 6, 2, 6, 8, 2, 8, 10, 3],
            TensorBoardWriter.HistogramBuckets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, double.NaN, double.NegativeInfinity], 5));
        Assert.Equal([-3, -3, 0, -3, -3, 0, -3, -3, 2], TensorBoardWriter.HistogramBuckets([-3, -3], 3)); // one value
        Assert.Equal(new double[6], TensorBoardWriter.HistogramBuckets([double.NaN], 2));
        Assert.Equal(new double[6], TensorBoardWriter.HistogramBuckets([], 2));
        Assert.Equal([-double.MaxValue, 0, 1, 0, double.MaxValue, 2], TensorBoardWriter.HistogramBuckets([-double.MaxValue, double.MaxValue, 1], 2)); // a range past double's
    }

    [Fact]
    public void Histogram_DecodesAsTheHistogramPluginsTensor()
    {
        var random = new Random(3);
        double[] values = [.. Enumerable.Range(0, 1000).Select(_ => 7 * random.NextDouble() - 2)];
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir)) w.Histogram(12, "policy/net.0.weight", values, wallTime: 70);
        JsonElement h = Data.PythonModule.Protobuf.RunJson(ReadEvents + """
            (e,) = events[1:]
            (v,) = e.summary.value
            t = v.tensor
            print(json.dumps({"tag": v.tag, "step": e.step, "wall_time": e.wall_time, "plugin": v.metadata.plugin_data.plugin_name,
                              "content": len(v.metadata.plugin_data.content), "data_class": v.metadata.data_class, "dtype": t.dtype,
                              "dims": [x.size for x in t.tensor_shape.dim], "rows": struct.unpack("<%dd" % (len(t.tensor_content) // 8), t.tensor_content)}))
            """, Directory.GetFiles(_dir).Single());

        Assert.Equal(("policy/net.0.weight", 12L, 70.0, "histograms", 0, 2, 2), (h.GetProperty("tag").GetString(), h.GetProperty("step").GetInt64(),
            h.GetProperty("wall_time").GetDouble(), h.GetProperty("plugin").GetString(), h.GetProperty("content").GetInt32(),
            h.GetProperty("data_class").GetInt32(), h.GetProperty("dtype").GetInt32())); // DATA_CLASS_TENSOR, DT_DOUBLE, version 0
        Assert.Equal([30, 3], h.GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()));
        double[] rows = [.. h.GetProperty("rows").EnumerateArray().Select(r => r.GetDouble())];
        double min = values.Min(), max = values.Max();
        for (int b = 0; b < 30; b++)
        {
            double left = rows[3 * b], right = rows[3 * b + 1];
            Assert.Equal(min + b * (max - min) / 30, left, 12);
            Assert.Equal(b == 29 ? max : min + (b + 1) * (max - min) / 30, right, 12);
            Assert.Equal(values.Count(v => v >= left && (v < right || b == 29)), rows[3 * b + 2]); // counted directly
        }
    }

    [Fact]
    public void Session_DecodesAsTheHParamsPluginsData()
    {
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir))
        {
            w.SessionStart([("algo", "gail"), ("gail.trpo.max_kl", 0.01), ("gail.entropy_weight", 0.0), ("trajectories", 4), ("bootstrap", false), ("hidden", "100,100")], wallTime: 50);
            w.SessionEnd(success: true, wallTime: 60.5);
            w.SessionEnd(success: false, wallTime: 61);
        }
        JsonElement sessions = Data.PythonModule.Protobuf.RunJson(ReadEvents + """
            out = []
            for e in events[1:]:
                (v,) = e.summary.value
                d = HParams()
                d.ParseFromString(v.metadata.plugin_data.content)
                kind = d.WhichOneof("data")
                item = {"tag": v.tag, "step": e.step, "wall_time": e.wall_time, "plugin": v.metadata.plugin_data.plugin_name, "data_class": v.metadata.data_class,
                        "dtype": v.tensor.dtype, "dims": [x.size for x in v.tensor.tensor_shape.dim], "version": d.version, "kind": kind}
                if kind == "session_start_info":
                    s = d.session_start_info
                    item["hparams"] = {k: [x.WhichOneof("kind"), getattr(x, x.WhichOneof("kind"))] for k, x in s.hparams.items()}
                    item["start"], item["group"] = s.start_time_secs, s.group_name
                else:
                    item["status"], item["end"] = d.session_end_info.status, d.session_end_info.end_time_secs
                out.append(item)
            print(json.dumps(out))
            """, Directory.GetFiles(_dir).Single());

        Assert.Equal(3, sessions.GetArrayLength());
        foreach (JsonElement s in sessions.EnumerateArray())
        {
            Assert.Equal(("hparams", 2, 1, 0, 0L), (s.GetProperty("plugin").GetString(), s.GetProperty("data_class").GetInt32(), s.GetProperty("dtype").GetInt32(),
                s.GetProperty("version").GetInt32(), s.GetProperty("step").GetInt64()));
            Assert.Equal([0], s.GetProperty("dims").EnumerateArray().Select(d => d.GetInt32()));
        }
        JsonElement start = sessions[0];
        Assert.Equal(("_hparams_/session_start_info", "session_start_info", 50.0, 50.0, ""), (start.GetProperty("tag").GetString(), start.GetProperty("kind").GetString(),
            start.GetProperty("wall_time").GetDouble(), start.GetProperty("start").GetDouble(), start.GetProperty("group").GetString()));
        var hparams = start.GetProperty("hparams").EnumerateObject().ToDictionary(p => p.Name, p => (Kind: p.Value[0].GetString(), Value: p.Value[1]));
        Assert.Equal(6, hparams.Count);
        Assert.Equal(("string_value", "gail"), (hparams["algo"].Kind, hparams["algo"].Value.GetString()));
        Assert.Equal(("number_value", 0.01), (hparams["gail.trpo.max_kl"].Kind, hparams["gail.trpo.max_kl"].Value.GetDouble()));
        Assert.Equal(("number_value", 0.0), (hparams["gail.entropy_weight"].Kind, hparams["gail.entropy_weight"].Value.GetDouble()));
        Assert.Equal(("number_value", 4.0), (hparams["trajectories"].Kind, hparams["trajectories"].Value.GetDouble()));
        Assert.Equal(("bool_value", false), (hparams["bootstrap"].Kind, hparams["bootstrap"].Value.GetBoolean()));
        Assert.Equal(("string_value", "100,100"), (hparams["hidden"].Kind, hparams["hidden"].Value.GetString()));
        Assert.Equal(("_hparams_/session_end_info", "session_end_info", 1, 60.5), (sessions[1].GetProperty("tag").GetString(), sessions[1].GetProperty("kind").GetString(),
            sessions[1].GetProperty("status").GetInt32(), sessions[1].GetProperty("end").GetDouble()));
        Assert.Equal((2, 61.0), (sessions[2].GetProperty("status").GetInt32(), sessions[2].GetProperty("end").GetDouble())); // STATUS_FAILURE
    }

    [Fact]
    public void SessionStart_WithAValueTensorBoardCannotHold_ThrowsAndWritesNothing()
    {
        string path;
        using (TensorBoardWriter w = TensorBoardWriter.Create(_dir))
        {
            path = w.Path;
            var ex = Assert.Throws<ArgumentException>(() => w.SessionStart([("seed", 0), ("hidden", new[] { 100, 100 })]));
            Assert.Contains("'hidden' is a Int32[]", ex.Message);
        }
        Assert.Single(Records(path)); // the file's version only
    }
}
