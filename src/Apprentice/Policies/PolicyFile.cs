using System.Globalization;
using System.Text.Json;
using Apprentice.Envs;
using Apprentice.Nn;

namespace Apprentice.Policies;

/// <summary>
/// Saves and loads an <see cref="MlpPolicy"/> as one safetensors file: tensors <c>net.{l}.weight</c> [in × out],
/// <c>net.{l}.bias</c> [out] and, for Gaussian policies, <c>log_std</c> [d]; the <c>__metadata__</c> map holds all
/// that is needed to rebuild and run it: <c>format</c>, <c>env_id</c>, <c>observation_size</c>,
/// <c>action_space</c> (JSON), <c>hidden_sizes</c> (JSON), <c>activation</c>, <c>distribution</c>, and
/// <c>obs_norm</c> (JSON: count, mean, mean_square, exact doubles; x' = (x − mean)/(√(mean_square − mean²) + 1e-6)).
/// </summary>
public static class PolicyFile
{
    public const string Format = "apprentice.policy/1";

    public static void Save(MlpPolicy policy, string path, string envId)
    {
        var tensors = MlpTensors.Export(policy.Network, "net").ToList();
        if (!policy.LogStd.IsEmpty) tensors.Add(new Tensor("log_std", policy.LogStd.ToArray()));
        Dictionary<string, string> metadata = Describe(policy, envId);
        metadata["format"] = Format;
        metadata["obs_norm"] = policy.Normalizer.ToJson();
        Safetensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// What a policy is, as text: <c>env_id</c>, <c>observation_size</c>, <c>action_space</c> (JSON), <c>hidden_sizes</c>
    /// (JSON), <c>activation</c> and <c>distribution</c>. The metadata of a policy file and of an exported ONNX model.
    /// </summary>
    public static Dictionary<string, string> Describe(MlpPolicy policy, string envId) => new()
    {
        ["env_id"] = envId,
        ["observation_size"] = policy.ObservationSize.ToString(CultureInfo.InvariantCulture),
        ["action_space"] = SpaceJson.Write(policy.ActionSpace),
        ["hidden_sizes"] = JsonSerializer.Serialize(policy.HiddenSizes),
        ["activation"] = policy.Network.Hidden.ToString().ToLowerInvariant(),
        ["distribution"] = DistributionName(policy),
    };

    private static string DistributionName(MlpPolicy policy) => policy.LogStd.IsEmpty ? "categorical" : "diag_gaussian";

    /// <summary>Loads a policy and the env id it was trained on; a damaged or foreign file throws <see cref="InputException"/>.</summary>
    public static (MlpPolicy Policy, string EnvId) Load(string path)
    {
        var (tensors, metadata) = Safetensors.Read(path);
        string context = $"'{path}' is not a usable policy file";
        string Meta(string key) => metadata.TryGetValue(key, out string? v) ? v : throw new InputException($"{context}: metadata '{key}' is missing");
        if (Meta("format") != Format) throw new InputException($"{context}: format '{Meta("format")}', expected '{Format}'");
        try
        {
            int observationSize = int.Parse(Meta("observation_size"), CultureInfo.InvariantCulture);
            Space actionSpace = SpaceJson.Read(Meta("action_space"));
            int[] hidden = JsonSerializer.Deserialize<int[]>(Meta("hidden_sizes")) ?? throw new FormatException("no hidden sizes");
            Activation activation = Enum.Parse<Activation>(Meta("activation"), ignoreCase: true);
            var policy = new MlpPolicy(observationSize, actionSpace, hidden, new Rng(0), activation);
            string distribution = DistributionName(policy);
            if (Meta("distribution") != distribution)
                throw new InputException($"{context}: distribution '{Meta("distribution")}' does not fit action space {actionSpace}");

            var byName = tensors.ToDictionary(t => t.Name);
            MlpTensors.Import(policy.Network, "net", byName, context);
            if (!policy.LogStd.IsEmpty) MlpTensors.Take(byName, "log_std", [policy.LogStd.Length], context).CopyTo(policy.LogStd);
            if (byName.Count > 0) throw new InputException($"{context}: unexpected tensor '{byName.Keys.First()}'");
            policy.Normalizer.LoadJson(Meta("obs_norm"));
            return (policy, Meta("env_id"));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or OverflowException)
        {
            throw new InputException($"{context}: malformed metadata ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }
}
