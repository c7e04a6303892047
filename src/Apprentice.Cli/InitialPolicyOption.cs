using System.CommandLine;
using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Cli;

/// <summary>
/// <c>--init-policy</c> of <c>train</c> and <c>imitate</c>: a saved policy the run starts from instead of random
/// weights (a behaviour-cloning run's, say), checked against the run before its folder is made.
/// </summary>
internal static class InitialPolicyOption
{
    public static Option<string?> Create(string description) => new("--init-policy") { Description = description };

    /// <summary>
    /// The policy <paramref name="given"/> names (a policy file, or a run folder holding one), with its file's path,
    /// once it is known to fit a policy of <paramref name="hidden"/> widths and <paramref name="units"/> on
    /// <paramref name="envId"/> (either null: the initial policy's own). A policy trained on another task whose spaces
    /// fit is taken, with a note.
    /// </summary>
    public static (string Path, MlpPolicy Policy) Load(string given, string envId, IReadOnlyList<int>? hidden, Activation? units, TextWriter console)
    {
        string path = PolicyChoice.FilePath(given);
        var (policy, trainedOn) = PolicyFile.Load(path);
        string name = $"the initial policy '{path}'";
        using (IEnv env = Gym.Make(envId))
        {
            policy.CheckFits(env, name);
            // A policy of the run's shape takes it as the trainer will, so that its widths and units are checked here.
            new MlpPolicy(env.ObservationSpace.FlatSize, env.ActionSpace, hidden ?? policy.HiddenSizes, new Rng(0), units ?? policy.Network.Hidden)
                .CopyFrom(policy, name);
        }
        if (trainedOn != envId) console.WriteLine($"note: {name} was trained on {trainedOn}; it starts a run on {envId}");
        return (path, policy);
    }
}
