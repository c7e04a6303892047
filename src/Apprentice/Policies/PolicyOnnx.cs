using System.Reflection;
using Apprentice.Envs;
using Apprentice.Nn;

namespace Apprentice.Policies;

/// <summary>
/// Exports an <see cref="MlpPolicy"/> as an ONNX model (opset 13), to run it outside .NET or in any ONNX runtime.
/// The graph takes <c>observation</c> [batch × observation size] (raw, as the env gives it: the observation
/// standardisation is part of the graph) and gives:
/// <list type="bullet">
/// <item>Gaussian policies: <c>action</c>, the mean clipped into the action space's bounds (what the env executes
/// for the deterministic policy); <c>mean</c>, the unclipped mean; <c>log_std</c> [action size], to sample.</item>
/// <item>Categorical policies: <c>action</c>, the argmax (int64, [batch]); <c>logits</c> [batch × n], to sample.</item>
/// </list>
/// The model's metadata holds <c>env_id</c>, <c>observation_size</c>, <c>action_space</c> (JSON),
/// <c>hidden_sizes</c>, <c>activation</c> and <c>distribution</c> (<see cref="PolicyFile.Describe"/>), and, when
/// given the task's names (<see cref="IObservationNames"/>, <see cref="IActionNames"/>), <c>observation_names</c> and
/// <c>action_names</c> as JSON arrays: what each input column and each action is, for whoever wires the model up.
/// </summary>
public static class PolicyOnnx
{
    public const int Opset = 13;

    public static void Save(MlpPolicy policy, string path, string envId,
        IReadOnlyList<string>? observationNames = null, IReadOnlyList<string>? actionNames = null)
    {
        byte[] model = ToBytes(policy, envId, observationNames, actionNames);
        AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, model));
    }

    public static byte[] ToBytes(MlpPolicy policy, string envId,
        IReadOnlyList<string>? observationNames = null, IReadOnlyList<string>? actionNames = null)
    {
        Dictionary<string, string> metadata = PolicyFile.Describe(policy, envId);
        if (observationNames is not null)
            metadata["observation_names"] = NamesJson(observationNames, policy.ObservationSize, "observation coordinates", nameof(observationNames));
        if (actionNames is not null)
            metadata["action_names"] = NamesJson(actionNames, IActionNames.Count(policy.ActionSpace), "actions", nameof(actionNames));

        var model = new OnnxModel("apprentice_policy", Opset);
        int observationSize = policy.ObservationSize;
        model.AddInput("observation", OnnxElement.Float, null, observationSize);

        // x' = (x − mean)·1/(std + ε): the very floats RunningStandardizer applies.
        model.AddInitializer("obs_shift", [observationSize], policy.Normalizer.Shift);
        model.AddInitializer("obs_scale", [observationSize], policy.Normalizer.Scale);
        model.AddNode("Sub", ["observation", "obs_shift"], ["obs_centred"]);
        model.AddNode("Mul", ["obs_centred", "obs_scale"], ["h0"]);

        int outputSize = policy.Network.OutputSize;
        if (policy.ActionSpace is Box box)
        {
            AddNetwork(model, policy.Network, "h0", "mean");
            model.AddInitializer("action_low", [outputSize], box.Low);
            model.AddInitializer("action_high", [outputSize], box.High);
            model.AddNode("Max", ["mean", "action_low"], ["mean_above_low"]);
            model.AddNode("Min", ["mean_above_low", "action_high"], ["action"]);
            model.AddInitializer("policy_log_std", [outputSize], policy.LogStd);
            model.AddNode("Identity", ["policy_log_std"], ["log_std"]);
            model.AddOutput("action", OnnxElement.Float, null, outputSize);
            model.AddOutput("mean", OnnxElement.Float, null, outputSize);
            model.AddOutput("log_std", OnnxElement.Float, outputSize);
        }
        else
        {
            AddNetwork(model, policy.Network, "h0", "logits");
            model.AddNode("ArgMax", ["logits"], ["action"], OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 0L));
            model.AddOutput("action", OnnxElement.Int64, [null]);
            model.AddOutput("logits", OnnxElement.Float, null, outputSize);
        }

        string version = typeof(PolicyOnnx).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return model.ToBytes("apprentice", version, $"Apprentice policy for {envId}", metadata);
    }

    private static string NamesJson(IReadOnlyList<string> names, int count, string what, string parameter) => names.Count == count
        ? System.Text.Json.JsonSerializer.Serialize(names)
        : throw new ArgumentException($"{names.Count} names for the policy's {count} {what}", parameter);

    /// <summary>Adds the MLP's layers (weights [in × out], so x·W + b) from value <paramref name="input"/>; the linear output layer writes <paramref name="output"/>.</summary>
    private static void AddNetwork(OnnxModel model, Mlp net, string input, string output)
    {
        string x = input;
        ReadOnlySpan<float> p = net.Parameters.Span;
        for (int l = 0; l < net.Layers; l++)
        {
            int nIn = net.Sizes[l], nOut = net.Sizes[l + 1];
            string weight = $"net.{l}.weight", bias = $"net.{l}.bias";
            model.AddInitializer(weight, [nIn, nOut], p.Slice(net.WeightOffset(l), nIn * nOut));
            model.AddInitializer(bias, [nOut], p.Slice(net.BiasOffset(l), nOut));
            model.AddNode("MatMul", [x, weight], [$"layer{l}_product"]);
            bool last = l == net.Layers - 1;
            model.AddNode("Add", [$"layer{l}_product", bias], [last ? output : $"layer{l}_linear"]);
            if (!last) x = AddActivation(model, net.Hidden, $"layer{l}_linear", $"h{l + 1}");
        }
    }

    private static string AddActivation(OnnxModel model, Activation activation, string input, string output)
    {
        switch (activation)
        {
            case Activation.Identity:
                return input;
            case Activation.Tanh:
                model.AddNode("Tanh", [input], [output]);
                return output;
            case Activation.Relu:
                model.AddNode("Relu", [input], [output]);
                return output;
            case Activation.LeakyRelu:
                model.AddNode("LeakyRelu", [input], [output], OnnxAttribute.Of("alpha", Activations.LeakySlope));
                return output;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "no ONNX operator for this activation");
        }
    }
}
