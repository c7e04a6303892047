using System.Runtime.InteropServices;

namespace Apprentice.Nn;

/// <summary>The element types an <see cref="OnnxModel"/> value can have (ONNX's TensorProto.DataType numbers).</summary>
public enum OnnxElement
{
    Float = 1,
    Int64 = 7,
}

/// <summary>A node attribute: an integer or a float.</summary>
public readonly record struct OnnxAttribute(string Name, long? Int = null, float? Float = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
}

/// <summary>
/// An ONNX model built node by node: graph inputs and outputs (a null dimension is the symbolic "batch"),
/// float initializers, and nodes of the default operator set, serialised to ONNX's protobuf layout
/// (IR version 7, one opset). Enough for feed-forward networks; nothing here runs a model.
/// </summary>
public sealed class OnnxModel(string graphName, int opset)
{
    // Field numbers from onnx.proto.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpsetImport = 8, ModelMetadata = 14;
    private const int GraphNodeField = 1, GraphNameField = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeFloat = 2, AttributeInt = 3, AttributeType = 20, AttributeTypeFloat = 1, AttributeTypeInt = 2;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueName = 1, ValueType = 2, TypeTensor = 1, TensorTypeElement = 1, TensorTypeShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;
    private const int IrVersion = 7;

    private readonly List<Action<ProtoWriter>> _nodes = [];
    private readonly List<Action<ProtoWriter>> _initializers = [];
    private readonly List<Action<ProtoWriter>> _inputs = [];
    private readonly List<Action<ProtoWriter>> _outputs = [];
    private readonly HashSet<string> _names = [];

    public string GraphName { get; } = graphName;

    public int Opset { get; } = opset;

    public void AddInput(string name, OnnxElement element, params int?[] shape) => _inputs.Add(ValueInfo(Define(name), element, shape));

    /// <summary>Declares <paramref name="name"/>, produced by some node, as a graph output.</summary>
    public void AddOutput(string name, OnnxElement element, params int?[] shape)
    {
        if (!_names.Contains(name)) throw new ArgumentException($"output '{name}' is not produced by any node");
        _outputs.Add(ValueInfo(name, element, shape));
    }

    /// <summary>A constant float tensor, row-major.</summary>
    public void AddInitializer(string name, int[] shape, ReadOnlySpan<float> values)
    {
        if (shape.Aggregate(1L, (n, d) => n * d) != values.Length)
            throw new ArgumentException($"initializer '{name}' has {values.Length} values for shape [{string.Join(", ", shape)}]");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");
        Define(name);
        byte[] raw = MemoryMarshal.AsBytes(values).ToArray();
        _initializers.Add(w =>
        {
            foreach (int d in shape) w.Int(TensorDims, d);
            w.Int(TensorDataType, (int)OnnxElement.Float);
            w.String(TensorName, name);
            w.Bytes(TensorRawData, raw);
        });
    }

    /// <summary>A node of the default domain; its inputs must already be defined, its outputs must be new.</summary>
    public void AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        foreach (string input in inputs)
            if (!_names.Contains(input)) throw new ArgumentException($"{opType} reads '{input}', which nothing defines yet");
        foreach (string output in outputs) Define(output);
        string nodeName = $"{opType}_{_nodes.Count}";
        _nodes.Add(w =>
        {
            foreach (string input in inputs) w.String(NodeInput, input);
            foreach (string output in outputs) w.String(NodeOutput, output);
            w.String(NodeName, nodeName);
            w.String(NodeOpType, opType);
            foreach (OnnxAttribute a in attributes) w.Message(NodeAttribute, aw => WriteAttribute(aw, a));
        });
    }

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToBytes(string producer, string producerVersion, string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var w = new ProtoWriter();
        w.Int(ModelIrVersion, IrVersion);
        w.String(ModelProducerName, producer);
        w.String(ModelProducerVersion, producerVersion);
        w.String(ModelDocString, docString);
        w.Message(ModelGraph, g =>
        {
            foreach (var node in _nodes) g.Message(GraphNodeField, node);
            g.String(GraphNameField, GraphName);
            foreach (var tensor in _initializers) g.Message(GraphInitializer, tensor);
            foreach (var input in _inputs) g.Message(GraphInput, input);
            foreach (var output in _outputs) g.Message(GraphOutput, output);
        });
        w.Message(ModelOpsetImport, o => o.Int(2, Opset)); // domain (field 1) left empty: the default ONNX domain
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.Message(ModelMetadata, m =>
            {
                m.String(1, key);
                m.String(2, value);
            });
        return w.ToArray();
    }

    private string Define(string name)
    {
        if (string.IsNullOrEmpty(name) || !_names.Add(name)) throw new ArgumentException($"value name '{name}' is empty or already defined");
        return name;
    }

    private static Action<ProtoWriter> ValueInfo(string name, OnnxElement element, int?[] shape) => w =>
    {
        w.String(ValueName, name);
        w.Message(ValueType, t => t.Message(TypeTensor, tensor =>
        {
            tensor.Int(TensorTypeElement, (int)element);
            tensor.Message(TensorTypeShape, s =>
            {
                foreach (int? d in shape)
                    s.Message(ShapeDim, dim =>
                    {
                        if (d is int size) dim.Int(DimValue, size);
                        else dim.String(DimParam, "batch");
                    });
            });
        }));
    };

    private static void WriteAttribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(AttributeName, a.Name);
        if (a.Int is long i)
        {
            w.Int(AttributeInt, i);
            w.Int(AttributeType, AttributeTypeInt);
        }
        else if (a.Float is float f)
        {
            w.Float(AttributeFloat, f);
            w.Int(AttributeType, AttributeTypeFloat);
        }
        else throw new ArgumentException($"attribute '{a.Name}' has no value");
    }
}
