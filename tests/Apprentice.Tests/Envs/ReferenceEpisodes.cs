using System.Collections.Concurrent;
using System.Text.Json;

namespace Apprentice.Tests.Envs;

/// <summary>One recorded step: the action given, then what Gymnasium's <c>step</c> returned and the state after it.</summary>
internal sealed record ReferenceStep(float[] Action, double[] Observation, double Reward, bool Terminated, bool Truncated, double[] State);

/// <summary>One line of a Gymnasium reference .jsonl file.</summary>
internal sealed record Episode(
    string EnvId, int Seed, string Policy, int? MaxEpisodeSteps, double? RewardThreshold,
    double[] InitialState, double[] InitialObservation, ReferenceStep[] Steps);

/// <summary>Reads (and caches) the reference episodes of a .jsonl file.</summary>
internal static class ReferenceEpisodes
{
    private static readonly ConcurrentDictionary<string, Episode[]> Cache = new();

    public static Episode[] Read(string path) => Cache.GetOrAdd(Path.GetFullPath(path), Parse);

    private static Episode[] Parse(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(ParseLine).ToArray();

    private static Episode ParseLine(string line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement root = doc.RootElement;
        return new Episode(
            root.GetProperty("env_id").GetString()!,
            root.GetProperty("seed").GetInt32(),
            root.TryGetProperty("policy", out JsonElement p) ? p.GetString() ?? "" : "",
            NullableInt(root.GetProperty("max_episode_steps")),
            NullableDouble(root.GetProperty("reward_threshold")),
            Doubles(root.GetProperty("initial_state")),
            Doubles(root.GetProperty("initial_observation")),
            root.GetProperty("steps").EnumerateArray().Select(ParseStep).ToArray());
    }

    private static ReferenceStep ParseStep(JsonElement s)
    {
        JsonElement a = s.GetProperty("action");
        // Discrete actions are ints; continuous ones are lists of float32 values written as float64.
        float[] action = a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()
            : [(float)a.GetDouble()];
        return new ReferenceStep(
            action,
            Doubles(s.GetProperty("observation")),
            s.GetProperty("reward").GetDouble(),
            s.GetProperty("terminated").GetBoolean(),
            s.GetProperty("truncated").GetBoolean(),
            Doubles(s.GetProperty("state")));
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static int? NullableInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static double? NullableDouble(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();
}
