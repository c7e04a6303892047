using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Apprentice.Envs;

namespace Apprentice.Data;

/// <summary>
/// A Minari dataset's <c>data/metadata.json</c> (Minari 0.5's layout), the part of it this library reads and writes:
/// the dataset's id, its size, the spaces (each a JSON string in Minari's serialisation), the Gymnasium env it was
/// recorded on (<c>env_spec</c>, a JSON string of Gymnasium's <c>EnvSpec</c>) and, when it has them, the reference
/// scores that <c>minari.get_normalized_score</c> normalises returns with.
/// </summary>
/// <param name="DatasetId">Minari's <c>(namespace/)name(-vN)</c>, e.g. <c>mujoco/hopper/expert-v0</c>.</param>
/// <param name="ObservationSpace">The observation space, or null for one this library has no counterpart of (Dict, Tuple, …).</param>
/// <param name="ObservationType">Minari's name of the observation space's type, e.g. <c>Box</c>.</param>
/// <param name="EnvId">Gymnasium's id in <c>env_spec</c>; null when the dataset names no env.</param>
/// <param name="RegisteredEnvId">The task registered here that <c>env_spec</c> makes (id and kwargs alike), or null.</param>
/// <param name="AlgorithmName">What made the demonstrations, in the dataset's words.</param>
public sealed partial record MinariMetadata(
    string DatasetId,
    string MinariVersion,
    long TotalEpisodes,
    long TotalSteps,
    Space? ObservationSpace,
    string ObservationType,
    Space? ActionSpace,
    string ActionType,
    string? EnvId,
    string? RegisteredEnvId,
    string? AlgorithmName)
{
    /// <summary>
    /// The version written: 0.5.0 is the first with <c>metadata.json</c>, and every Minari release since reads it
    /// (each lists the dataset versions it supports).
    /// </summary>
    public const string WrittenVersion = "0.5.0";

    /// <summary>
    /// Minari's reference returns (<c>ref_min_score</c>, a random policy's mean; <c>ref_max_score</c>, an expert's),
    /// each averaged over <paramref name="Episodes"/> episodes (<c>num_episodes_average_score</c>; null when a
    /// dataset leaves it out).
    /// </summary>
    public sealed record ReferenceScores(double Min, double Max, long? Episodes)
    {
        /// <summary><c>get_normalized_score</c>: (return − min) / (max − min), D4RL's normalised score; null when max = min.</summary>
        public double? Normalize(double episodeReturn) => Max != Min ? (episodeReturn - Min) / (Max - Min) : null;
    }

    /// <summary>
    /// The dataset's reference scores, or null when it has none (as most of Minari's own datasets do not) or they are
    /// unreadable (<see cref="ReferenceProblem"/> says why: Minari too loads such a dataset, and fails only to score).
    /// </summary>
    public ReferenceScores? References { get; init; }

    /// <summary>What is wrong with the metadata's reference scores, when they are there but unreadable.</summary>
    public string? ReferenceProblem { get; init; }

    /// <summary>
    /// The task here that the dataset is evaluated on, which its reference scores were measured on: <c>eval_env_spec</c>'s
    /// when it has one, else <c>env_spec</c>'s (<see cref="RegisteredEnvId"/>); null when that is not a task here.
    /// </summary>
    public string? EvaluationEnvId { get; init; }

    /// <summary>Gymnasium's id of that env, whether or not it is a task here; null when the dataset names no env (a task of your own).</summary>
    public string? EvaluationGymnasiumId { get; init; }

    /// <summary>
    /// The reference scores that hold for imitating on <paramref name="envId"/>: the dataset's when they were measured on
    /// that task, or when the dataset names no env at all (a task of your own, which only you can name); null otherwise.
    /// </summary>
    public ReferenceScores? ReferencesFor(string envId) => EvaluationGymnasiumId is null || EvaluationEnvId == envId ? References : null;

    /// <summary>Whether <paramref name="id"/> is a dataset id as Minari parses one (<c>minari_dataset.py</c>'s <c>DATASET_ID_RE</c>).</summary>
    public static bool IsDatasetId(string id) => DatasetIdPattern().IsMatch(id);

    /// <summary>The metadata of demonstrations recorded on <paramref name="env"/>, written by <see cref="ToJson"/>.</summary>
    public static MinariMetadata For(string datasetId, Demonstrations demos, IEnv env, string? algorithmName)
    {
        if (!IsDatasetId(datasetId)) throw new InputException($"'{datasetId}' is not a Minari dataset id, (namespace/)name-vN");
        // Only a task Gymnasium has can be named: a task of your own has no env_spec Python could make it from.
        string? ours = env.Spec?.Id;
        GymnasiumIds.Registration? gymnasium = ours is null ? null : GymnasiumIds.Of(ours);
        string? registered = gymnasium is null ? null : ours;
        return new MinariMetadata(datasetId, WrittenVersion, demos.TrajectoryCount, demos.TransitionCount,
            env.ObservationSpace, "Box", env.ActionSpace, env.ActionSpace is Discrete ? "Discrete" : "Box",
            gymnasium?.Id, registered, algorithmName)
        {
            EvaluationEnvId = registered,
            EvaluationGymnasiumId = gymnasium?.Id,
        };
    }

    /// <summary>
    /// The file's text, as Minari's <c>json.dump</c> writes it; <c>env_spec</c> only for a task Gymnasium has, with the
    /// step limit and reward threshold registered here.
    /// </summary>
    public string ToJson()
    {
        var o = new StringBuilder("{");
        void Field(string name, string json) => o.Append(o.Length > 1 ? ", " : "").Append(PythonJson.String(name)).Append(": ").Append(json);
        Field("dataset_id", PythonJson.String(DatasetId));
        Field("total_episodes", TotalEpisodes.ToString(CultureInfo.InvariantCulture));
        Field("total_steps", TotalSteps.ToString(CultureInfo.InvariantCulture));
        Field("data_format", PythonJson.String("hdf5"));
        Field("observation_space", PythonJson.String(Serialize(ObservationSpace ?? throw new InvalidOperationException("no observation space to write"))));
        Field("action_space", PythonJson.String(Serialize(ActionSpace ?? throw new InvalidOperationException("no action space to write"))));
        if (RegisteredEnvId is not null && GymnasiumIds.Of(RegisteredEnvId) is GymnasiumIds.Registration gymnasium)
            Field("env_spec", PythonJson.String(EnvSpecJson(gymnasium, Gym.Spec(RegisteredEnvId))));
        Field("minari_version", PythonJson.String(MinariVersion));
        if (AlgorithmName is not null) Field("algorithm_name", PythonJson.String(AlgorithmName));
        if (References is { } r)
        {
            Field("ref_max_score", PythonJson.Float(r.Max));
            Field("ref_min_score", PythonJson.Float(r.Min));
            if (r.Episodes is long n) Field("num_episodes_average_score", n.ToString(CultureInfo.InvariantCulture));
        }
        return o.Append('}').ToString();
    }

    /// <summary>Reads a <c>metadata.json</c>; anything it lacks or cannot hold throws <see cref="InputException"/> naming it.</summary>
    /// <param name="where">How messages name the file.</param>
    public static MinariMetadata Read(string json, string where)
    {
        JsonObject o;
        try
        {
            o = PythonJson.Parse(json) as JsonObject ?? throw new InputException($"{where} is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InputException($"{where} is not JSON ({ex.Message.ReplaceLineEndings(" ")})");
        }
        return Read(o, where);
    }

    /// <summary>The same fields, gathered elsewhere: Minari 0.4 kept them as attributes of <c>main_data.hdf5</c>.</summary>
    public static MinariMetadata Read(JsonObject o, string where)
    {
        string Text(string key) => o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new InputException($"{where} has no '{key}' string");
        long Count(string key) => o[key] is JsonValue v && v.TryGetValue(out long n) && n >= 0 ? n : throw new InputException($"{where} has no '{key}' count");
        var (observation, observationType) = Deserialize(Text("observation_space"), "observation_space", where);
        var (action, actionType) = Deserialize(Text("action_space"), "action_space", where);
        var (envId, registered) = Spec(o, "env_spec", where);
        var (evaluationId, evaluationRegistered) = Spec(o, "eval_env_spec", where);
        string? algorithm = o["algorithm_name"] is JsonValue a && a.TryGetValue(out string? name) ? name : null;
        var (references, problem) = ReadReferences(o);
        return new MinariMetadata(Text("dataset_id"), Text("minari_version"), Count("total_episodes"), Count("total_steps"),
            observation, observationType, action, actionType, envId, registered, algorithm)
        {
            References = references,
            ReferenceProblem = problem,
            EvaluationEnvId = evaluationId is null ? registered : evaluationRegistered,
            EvaluationGymnasiumId = evaluationId ?? envId,
        };
    }

    /// <summary>A Gymnasium <c>EnvSpec</c> JSON string of the metadata (<c>env_spec</c>, <c>eval_env_spec</c>): its id and the task here it makes; nulls when absent.</summary>
    private static (string? Id, string? Registered) Spec(JsonObject o, string key, string where)
    {
        if (o[key] is not JsonValue value || !value.TryGetValue(out string? text)) return (null, null);
        try
        {
            JsonObject spec = PythonJson.Parse(text) as JsonObject ?? throw new InputException($"{where}: '{key}' is not a JSON object");
            string id = spec["id"] is JsonValue idValue && idValue.TryGetValue(out string? s) ? s : throw new InputException($"{where}: '{key}' has no 'id'");
            return (id, GymnasiumIds.Find(id, spec["kwargs"] as JsonObject));
        }
        catch (JsonException ex)
        {
            throw new InputException($"{where}: '{key}' is not JSON ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>The reference scores, when the metadata has both as finite numbers; otherwise null, and what is wrong when they are there.</summary>
    private static (ReferenceScores? Scores, string? Problem) ReadReferences(JsonObject o)
    {
        if (o["ref_min_score"] is null && o["ref_max_score"] is null) return (null, null);
        string? problem = null;
        double Score(string key, string other)
        {
            double value = double.NaN;
            if (o[key] is null) problem ??= $"'{other}' without '{key}'";
            else if (!TryNumber(o[key], out value)) problem ??= $"'{key}' is not a number";
            else if (!double.IsFinite(value)) problem ??= $"'{key}' is {PythonJson.Float(value)}";
            return value;
        }
        double min = Score("ref_min_score", "ref_max_score"), max = Score("ref_max_score", "ref_min_score");
        if (problem is not null) return (null, problem);
        long? episodes = o["num_episodes_average_score"] is JsonValue v && v.TryGetValue(out long n) ? n : null;
        return (new ReferenceScores(min, max, episodes), null);
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        try
        {
            value = PythonJson.Double(node);
            return true;
        }
        catch (FormatException)
        {
            value = double.NaN;
            return false;
        }
    }

    /// <summary>A space as Minari's <c>serialize_space</c> writes it: Box with its dtype, shape and bounds (nested as the shape), Discrete with start 0.</summary>
    public static string Serialize(Space space) => space switch
    {
        Box b => $"{{\"type\": \"Box\", \"dtype\": \"float32\", \"shape\": [{string.Join(", ", b.Shape)}], \"low\": {Nested(b.Low, b.Shape)}, \"high\": {Nested(b.High, b.Shape)}}}",
        Discrete d => $"{{\"type\": \"Discrete\", \"dtype\": \"int64\", \"start\": 0, \"n\": {d.N}}}",
        _ => throw new ArgumentException($"Minari has no serialisation written here for {space}"),
    };

    /// <summary>A space Minari serialised; null (with its type) for a type this library has no counterpart of.</summary>
    private static (Space? Space, string Type) Deserialize(string json, string key, string where)
    {
        string at = $"{where}: '{key}'";
        try
        {
            JsonObject o = PythonJson.Parse(json) as JsonObject ?? throw new InputException($"{at} is not a JSON object");
            string type = (string?)o["type"] ?? throw new InputException($"{at} has no type");
            switch (type)
            {
                case "Box":
                    int[] shape = [.. ((JsonArray)o["shape"]!).Select(n => (int)n!)];
                    return (new Box(Flat(o["low"]), Flat(o["high"]), shape), type);
                case "Discrete":
                    long start = o["start"] is JsonNode s ? (long)s : 0;
                    if (start != 0) throw new InputException($"{at} is Discrete starting at {start}; actions here are indices from 0");
                    return (new Discrete((int)o["n"]!), type);
                default:
                    return (null, type);
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            throw new InputException($"{at} is not a space Minari wrote ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static float[] Flat(JsonNode? node) => node is JsonArray array ? [.. array.SelectMany(Flat)] : [(float)PythonJson.Double(node)];

    private static string Nested(float[] values, int[] shape)
    {
        var text = new StringBuilder();
        int next = 0;
        void Dimension(int d)
        {
            if (d == shape.Length)
            {
                text.Append(PythonJson.Float(values[next++]));
                return;
            }
            text.Append('[');
            for (int i = 0; i < shape[d]; i++)
            {
                if (i > 0) text.Append(", ");
                Dimension(d + 1);
            }
            text.Append(']');
        }
        Dimension(0);
        return text.ToString();
    }

    /// <summary>Gymnasium's <c>EnvSpec.to_json()</c> of the task: its fields in their order, with the task's registration and limits.</summary>
    private static string EnvSpecJson(GymnasiumIds.Registration gymnasium, EnvSpec spec)
    {
        string Optional(string? text) => text is null ? "null" : PythonJson.String(text);
        return $"{{\"id\": {PythonJson.String(gymnasium.Id)}, \"entry_point\": {PythonJson.String(gymnasium.EntryPoint)}, " +
            $"\"reward_threshold\": {(spec.RewardThreshold is double r ? PythonJson.Float(r) : "null")}, \"nondeterministic\": false, " +
            $"\"max_episode_steps\": {(spec.MaxEpisodeSteps is int m ? m.ToString(CultureInfo.InvariantCulture) : "null")}, \"order_enforce\": true, " +
            $"\"disable_env_checker\": false, \"kwargs\": {gymnasium.Kwargs}, \"additional_wrappers\": [], \"vector_entry_point\": {Optional(gymnasium.VectorEntryPoint)}}}";
    }

    [GeneratedRegex(@"^(?:[-_\w][-_\w/]*[-_\w]+/)?[-_\w]+?(?:-v\d+)?$")]
    private static partial Regex DatasetIdPattern();
}
