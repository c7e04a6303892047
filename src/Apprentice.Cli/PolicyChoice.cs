using System.CommandLine;
using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// What <c>--policy</c> names for <c>eval</c>, <c>record</c> and <c>render</c>: a policy file, <c>expert</c> (the one shipped for
/// <c>--env</c>) or <c>random</c> (uniform over the action space), with the env it runs on.
/// </summary>
internal sealed class PolicyChoice
{
    private PolicyChoice(string envId, string path, MlpPolicy? policy)
    {
        EnvId = envId;
        Path = path;
        Policy = policy;
    }

    public string EnvId { get; }

    /// <summary>The policy file, or "random".</summary>
    public string Path { get; }

    /// <summary>Null for the random policy.</summary>
    public MlpPolicy? Policy { get; }

    /// <summary>The <c>--policy</c> option of the commands that run a policy.</summary>
    public static Option<string> PolicyOption() => new("--policy")
    {
        Description = "A policy.safetensors file or the run folder that holds one, 'expert' (the one shipped for --env) or 'random' (uniform over the action space).",
        Required = true,
    };

    /// <summary>Their <c>--env</c> option.</summary>
    public static Option<string?> EnvOption() => new("--env")
    {
        Description = "Environment id (default: the one the policy was trained on; required for 'expert' and 'random').",
    };

    /// <summary>How output names it: "random", or the file name with " (deterministic)" when acting by the mode.</summary>
    public string Label(bool deterministic) => Policy is null ? "random" : System.IO.Path.GetFileName(Path) + (deterministic ? " (deterministic)" : "");

    /// <param name="policy">The option's value.</param>
    /// <param name="envId">--env, which defaults to the env a policy file was trained on.</param>
    public static PolicyChoice Resolve(string policy, string? envId)
    {
        if (policy == "random")
        {
            string id = envId ?? throw new InputException("--env is required with --policy random");
            Gym.Spec(id);
            return new PolicyChoice(id, "random", null);
        }
        policy = ExpertOrFile(policy, envId, " (or use --policy expert or random)");
        var (loaded, trainedOn) = PolicyFile.Load(policy);
        return new PolicyChoice(envId ?? trainedOn, policy, loaded);
    }

    /// <summary>The file of <c>--policy expert</c> (the one shipped for <paramref name="envId"/>) or of a policy file or run folder (<see cref="FilePath"/>).</summary>
    public static string ExpertOrFile(string given, string? envId, string hint) => given == "expert" ? ShippedData.Expert(envId) : FilePath(given, hint);

    /// <summary>The policy file that <c>--policy</c> names: the file itself, or the <c>policy.safetensors</c> a run folder holds.</summary>
    /// <param name="hint">Added to the message when there is no such file.</param>
    public static string FilePath(string given, string hint = "")
    {
        if (File.Exists(given)) return given;
        if (!Directory.Exists(given)) throw new InputException($"policy file '{given}' does not exist{hint}");
        string inside = System.IO.Path.Combine(given, "policy.safetensors");
        if (!File.Exists(inside)) throw new InputException($"the folder '{given}' holds no policy.safetensors; give the policy file");
        return inside;
    }

    /// <summary>Checks the policy fits <paramref name="env"/> and returns how it acts there: sampling from <paramref name="rng"/>, or by the mode when deterministic.</summary>
    public Evaluation.Actor Actor(IEnv env, Rng rng, bool deterministic)
    {
        if (Policy is not MlpPolicy policy) return (_, action) => env.ActionSpace.Sample(rng, action);
        policy.CheckFits(env, $"policy '{Path}'");
        PolicyWorkspace ws = policy.CreateWorkspace();
        return (observation, action) => policy.Act(ws, observation, 1, deterministic ? null : rng, action);
    }
}
