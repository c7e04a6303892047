using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Apprentice.Tests.Policies;

/// <summary>Exported policies run in ONNX Runtime and give what the library's own forward pass gives.</summary>
public sealed class PolicyOnnxTests
{
    private const int Batch = 7;

    private static MlpPolicy RandomPolicy(Space space, int observationSize, Activation activation) =>
        RandomPolicies.Create(space, observationSize, [9, 8], activation);

    private static float[] Observations(int observationSize, ulong seed)
    {
        var rng = new Rng(seed);
        var obs = new float[Batch * observationSize];
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)rng.NextGaussian() * 4;
        return obs;
    }

    /// <summary>Runs the model on a batch and returns every output by name, as floats (int64 actions converted).</summary>
    internal static Dictionary<string, float[]> Run(byte[] model, float[] observations, int observationSize)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(observations, [observations.Length / observationSize, observationSize]);
        using var options = new RunOptions();
        var names = session.OutputNames.ToArray();
        using var outputs = session.Run(options, ["observation"], [input], names);
        var result = new Dictionary<string, float[]>();
        for (int i = 0; i < names.Length; i++)
        {
            result[names[i]] = outputs[i].GetTensorTypeAndShape().ElementDataType == TensorElementType.Int64
                ? outputs[i].GetTensorDataAsSpan<long>().ToArray().Select(v => (float)v).ToArray()
                : outputs[i].GetTensorDataAsSpan<float>().ToArray();
        }
        return result;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
    }

    public static TheoryData<Activation> Activations => [Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Identity];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Gaussian_MeanLogStdAndClippedAction_MatchTheLibrary(Activation activation)
    {
        var space = new Box([-0.5f, -2f, -1f], [0.5f, 2f, 1f]);
        MlpPolicy policy = RandomPolicy(space, 5, activation);
        float[] obs = Observations(5, 3);

        Dictionary<string, float[]> outputs = Run(PolicyOnnx.ToBytes(policy, "Some-v0"), obs, 5);

        ReadOnlySpan<float> distribution = policy.Forward(policy.CreateWorkspace(Batch), obs, Batch);
        var mean = new float[Batch * 3];
        for (int i = 0; i < Batch; i++) distribution.Slice(i * 6, 3).CopyTo(mean.AsSpan(i * 3));
        AssertClose(mean, outputs["mean"]);
        Assert.Equal(policy.LogStd.ToArray(), outputs["log_std"]);
        var clipped = mean.Select((m, i) => Math.Clamp(m, space.LowAt(i % 3), space.HighAt(i % 3))).ToArray();
        AssertClose(clipped, outputs["action"]);
        Assert.Contains(outputs["action"], a => a is 0.5f or -0.5f or 2f or -2f or 1f or -1f); // the bounds do bind somewhere
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Categorical_LogitsAndArgmax_MatchTheLibrary(Activation activation)
    {
        MlpPolicy policy = RandomPolicy(new Discrete(4), 6, activation);
        float[] obs = Observations(6, 4);

        Dictionary<string, float[]> outputs = Run(PolicyOnnx.ToBytes(policy, "Some-v0"), obs, 6);

        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        AssertClose(policy.Forward(ws, obs, Batch), outputs["logits"]);
        var actions = new float[Batch];
        policy.Act(ws, obs, Batch, rng: null, actions);
        Assert.Equal(actions, outputs["action"]);
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Hopper-v4")]
    [InlineData("Humanoid-v4")]
    public void ShippedExpert_ExportedModel_ActsAsTheExpert(string envId)
    {
        var (policy, trainedOn) = PolicyFile.Load(Path.Combine(AppContext.BaseDirectory, "data", "experts", $"{envId}.safetensors"));
        int n = policy.ObservationSize;
        // Observations on the expert's own scale: its standardiser's mean plus two of its standard deviations of noise.
        var rng = new Rng(5);
        var obs = new float[Batch * n];
        for (int i = 0; i < obs.Length; i++)
            obs[i] = policy.Normalizer.Shift[i % n] + (float)rng.NextGaussian() * 2 / policy.Normalizer.Scale[i % n];

        Dictionary<string, float[]> outputs = Run(PolicyOnnx.ToBytes(policy, trainedOn), obs, n);

        var actions = new float[Batch * policy.ActionSize];
        policy.Act(policy.CreateWorkspace(Batch), obs, Batch, rng: null, actions);
        if (policy.ActionSpace is Box box)
            for (int i = 0; i < actions.Length; i++) actions[i] = Math.Clamp(actions[i], box.LowAt(i % box.FlatSize), box.HighAt(i % box.FlatSize));
        AssertClose(actions, outputs["action"]);
    }

    [Fact]
    public void Model_DeclaresABatchInputAndCarriesThePolicyMetadata()
    {
        MlpPolicy policy = RandomPolicy(new Box(-1f, 1f, 2), 3, Activation.Tanh);
        using var session = new InferenceSession(PolicyOnnx.ToBytes(policy, "Some-v0"));

        NodeMetadata input = session.InputMetadata["observation"];
        Assert.Equal([-1, 3], input.Dimensions);
        Assert.Equal(["batch", ""], input.SymbolicDimensions);
        Assert.Equal(["action", "mean", "log_std"], session.OutputNames);
        ModelMetadata metadata = session.ModelMetadata;
        Assert.Equal("apprentice", metadata.ProducerName);
        Assert.Equal("Some-v0", metadata.CustomMetadataMap["env_id"]);
        Assert.Equal("diag_gaussian", metadata.CustomMetadataMap["distribution"]);
        Assert.Equal("[9,8]", metadata.CustomMetadataMap["hidden_sizes"]);
        Assert.Equal(policy.ActionSpace.ToString(), SpaceJson.Read(metadata.CustomMetadataMap["action_space"]).ToString());
        Assert.False(metadata.CustomMetadataMap.ContainsKey("observation_names")); // none given

        using var named = new InferenceSession(PolicyOnnx.ToBytes(policy, "Some-v0", ["x", "y", "z"], ["left", "right"]));
        Assert.Equal("[\"x\",\"y\",\"z\"]", named.ModelMetadata.CustomMetadataMap["observation_names"]);
        Assert.Equal("[\"left\",\"right\"]", named.ModelMetadata.CustomMetadataMap["action_names"]);
        Assert.Throws<ArgumentException>(() => PolicyOnnx.ToBytes(policy, "Some-v0", ["x", "y"]));
        Assert.Throws<ArgumentException>(() => PolicyOnnx.ToBytes(RandomPolicy(new Discrete(3), 3, Activation.Tanh), "Some-v0", null, ["left", "right"]));
    }

    [Fact]
    public void LinearPolicy_NoHiddenLayer_ExportsAndMatches()
    {
        MlpPolicy policy = RandomPolicies.Create(new Box(-1f, 1f, 2), 3, []);
        float[] obs = Observations(3, 10);
        float[] distribution = policy.Forward(policy.CreateWorkspace(Batch), obs, Batch).ToArray(); // [μ, log σ] per row
        float[] mean = [.. Enumerable.Range(0, Batch * 2).Select(j => distribution[(j / 2) * 4 + j % 2])];
        AssertClose(mean, Run(PolicyOnnx.ToBytes(policy, "Some-v0"), obs, 3)["mean"]);
    }

    [Fact]
    public void UntrainedPolicy_IdentityStandardiser_ExportsAndRuns()
    {
        var policy = new MlpPolicy(2, new Discrete(2), [4], new Rng(0));
        Dictionary<string, float[]> outputs = Run(PolicyOnnx.ToBytes(policy, "Some-v0"), [1f, 2f, 3f, 4f], 2);
        Assert.Equal([0f, 0f], outputs["action"]); // a zero output layer: equal logits, the first wins as in the library
    }
}
