using System.Text.Json;
using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// The part of a learner's checkpoint every learner has: its progress (<see cref="Progress"/>, a small JSON file
/// written atomically), the policy, its optimiser's state (PPO's Adam moments; nothing for TRPO) and the value
/// function. A learner adds its own pieces (a discriminator) beside them.
/// </summary>
public static class Checkpoint
{
    /// <summary>Iterations done, environment steps taken and training seconds spent so far.</summary>
    public sealed record Progress(int Iteration, long EnvSteps, double Seconds);

    public static void Save(string directory, string stateFile, Progress progress, MlpPolicy policy, IPolicyOptimizer optimizer, ValueFunction value, string envId)
    {
        PolicyFile.Save(policy, Path.Combine(directory, "policy.safetensors"), envId);
        optimizer.SaveState(directory);
        value.Save(Path.Combine(directory, "value.safetensors"));
        AtomicFile.WriteAllText(Path.Combine(directory, stateFile), JsonSerializer.Serialize(progress));
    }

    /// <summary>Restores the policy, its optimiser's state and the value function into identically shaped ones and returns the progress.</summary>
    public static Progress Load(string directory, string stateFile, MlpPolicy policy, IPolicyOptimizer optimizer, ValueFunction value, string envId)
    {
        Progress progress = ReadProgress(directory, stateFile);
        var (saved, savedEnv) = PolicyFile.Load(Path.Combine(directory, "policy.safetensors"));
        if (savedEnv != envId) throw new InputException($"the checkpoint in '{directory}' is for {savedEnv}, not {envId}");
        policy.CopyFrom(saved, $"the checkpoint in '{directory}'");
        optimizer.LoadState(directory);
        value.Load(Path.Combine(directory, "value.safetensors"));
        return progress;
    }

    /// <summary>The progress a checkpoint records, without loading its networks.</summary>
    public static Progress ReadProgress(string directory, string stateFile)
    {
        string statePath = Path.Combine(directory, stateFile);
        if (!File.Exists(statePath)) throw new InputException($"no checkpoint in '{directory}' ({stateFile} is missing)");
        try
        {
            return JsonSerializer.Deserialize<Progress>(File.ReadAllText(statePath)) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new InputException($"'{statePath}' is damaged: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
