using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public sealed class OnnxModelTests
{
    [Fact]
    public void ProtoWriter_EncodesVarintsAndNestedMessages_AsProtobufDoes()
    {
        var w = new ProtoWriter();
        w.Int(1, 150); // protobuf's documented example: 08 96 01
        w.Message(3, m => m.Int(1, 150)); // 1a 03 08 96 01
        w.String(2, "testing");
        w.Int(4, -1); // two's complement as ten bytes
        w.Float(5, 1f);
        byte[] expected =
        [
            0x08, 0x96, 0x01,
            0x1a, 0x03, 0x08, 0x96, 0x01,
            0x12, 0x07, (byte)'t', (byte)'e', (byte)'s', (byte)'t', (byte)'i', (byte)'n', (byte)'g',
            0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            0x2d, 0x00, 0x00, 0x80, 0x3f,
        ];
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void AddNode_UndefinedInput_Throws()
    {
        var model = new OnnxModel("g", 13);
        model.AddInput("x", OnnxElement.Float, null, 2);
        var ex = Assert.Throws<ArgumentException>(() => model.AddNode("Add", ["x", "y"], ["z"]));
        Assert.Contains("'y'", ex.Message);
    }

    [Fact]
    public void AddNode_OutputNameTaken_Throws()
    {
        var model = new OnnxModel("g", 13);
        model.AddInput("x", OnnxElement.Float, null, 2);
        model.AddInitializer("w", [2], [1f, 2f]);
        Assert.Throws<ArgumentException>(() => model.AddNode("Add", ["x", "w"], ["w"]));
    }

    [Fact]
    public void AddOutput_NotProduced_Throws()
    {
        var model = new OnnxModel("g", 13);
        Assert.Throws<ArgumentException>(() => model.AddOutput("y", OnnxElement.Float, 2));
    }

    [Fact]
    public void AddInitializer_WrongCount_Throws()
    {
        var model = new OnnxModel("g", 13);
        Assert.Throws<ArgumentException>(() => model.AddInitializer("w", [2, 3], [1f, 2f]));
    }

    [Fact]
    public void SmallModel_RunsInOnnxRuntime()
    {
        var model = new OnnxModel("g", 13);
        model.AddInput("x", OnnxElement.Float, null, 2);
        model.AddInitializer("w", [2, 1], [2f, -1f]);
        model.AddNode("MatMul", ["x", "w"], ["xw"]);
        model.AddNode("LeakyRelu", ["xw"], ["observation_out"], OnnxAttribute.Of("alpha", 0.5f));
        model.AddOutput("observation_out", OnnxElement.Float, null, 1);
        byte[] bytes = model.ToBytes("test", "0", "", new Dictionary<string, string>());

        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);
        using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[] { 1f, 3f, 2f, 1f }, [2, 2]);
        using var options = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(options, ["x"], [input], ["observation_out"]);
        Assert.Equal([-0.5f, 3f], outputs[0].GetTensorDataAsSpan<float>().ToArray()); // 2−3 = −1 → −0.5; 4−1 = 3
    }
}
