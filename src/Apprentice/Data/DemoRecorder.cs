using System.Globalization;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Data;

/// <summary>Records demonstrations by running an actor (an expert policy, a scripted controller) for whole episodes.</summary>
public static class DemoRecorder
{
    /// <summary>
    /// Runs <paramref name="policy"/> for <paramref name="episodes"/> episodes: actions sampled with
    /// <paramref name="rng"/>, or the mode (Gaussian mean, argmax) when it is null.
    /// </summary>
    public static Demonstrations Record(IEnv env, MlpPolicy policy, int episodes, int seed, Rng? rng,
        ExpertActions stored = ExpertActions.Executed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        policy.CheckFits(env);
        PolicyWorkspace workspace = policy.CreateWorkspace();
        return Record(env, (observation, action) => policy.Act(workspace, observation, 1, rng, action), episodes, seed, stored);
    }

    /// <summary>
    /// Runs <paramref name="act"/> for <paramref name="episodes"/> episodes until terminated or truncated. The first
    /// reset takes <paramref name="seed"/>, later ones continue the env's stream (as <see cref="Evaluation.Run"/>).
    /// A trajectory is terminal when the env terminated, not when a time limit truncated it.
    /// </summary>
    /// <remarks>
    /// With <see cref="ExpertActions.Executed"/> continuous actions are clipped to the action Box before the step and
    /// stored as clipped, as imitation's rollouts do, so each stored (observation, action, reward, next observation)
    /// is exactly what the env saw. With <see cref="ExpertActions.Sampled"/> the raw sample goes to the env, which
    /// clips it, and is stored as sampled, as the GAIL authors recorded (and as our <see cref="Sampler"/> steps).
    /// </remarks>
    /// <param name="stop">When cancelled, the recording ends after the episode under way (the first one always
    /// finishes) and returns the episodes recorded so far, so that a long recording stopped by hand keeps its work.</param>
    /// <exception cref="InputException">After any episode, when the episodes so far, at their mean size, project past
    /// half the memory the process may use: the recording stops at once instead of running out of memory late.</exception>
    public static Demonstrations Record(IEnv env, Evaluation.Actor act, int episodes, int seed,
        ExpertActions stored = ExpertActions.Executed, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(act);
        if (episodes <= 0) throw new InputException($"the number of episodes must be positive; got {episodes}");
        act = stored.Stepped(act, env.ActionSpace); // so each stored action is the one the env was stepped with
        int observationSize = env.ObservationSpace.FlatSize, actionSize = env.ActionSpace.FlatSize;
        var observation = new float[observationSize];
        var action = new float[actionSize];
        var trajectories = new List<DemoTrajectory>(Math.Min(episodes, 1024)); // not the whole count up front: it may be stopped early
        var observations = new List<float>();
        var actions = new List<float>();
        var rewards = new List<double>();
        long held = 0; // bytes of the trajectories recorded so far
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        for (int e = 0; e < episodes && !(e > 0 && stop.IsCancellationRequested); e++)
        {
            observations.Clear();
            actions.Clear();
            rewards.Clear();
            env.Reset(observation, e == 0 ? seed : null);
            observations.AddRange(observation);
            bool terminated;
            while (true)
            {
                act(observation, action);
                actions.AddRange(action);
                StepResult step = env.Step(action, observation);
                observations.AddRange(observation);
                rewards.Add(step.Reward);
                if (step.Terminated || step.Truncated)
                {
                    terminated = step.Terminated;
                    break;
                }
            }
            trajectories.Add(new DemoTrajectory([.. observations], [.. actions], [.. rewards], terminated, observationSize));
            held += sizeof(float) * ((long)observations.Count + actions.Count) + sizeof(double) * (long)rewards.Count;
            CheckRoom(held, e + 1, episodes, env.Spec?.Id ?? "the env", available);
        }
        int[] actionShape = env.ActionSpace is Box b ? b.Shape : [];
        return new Demonstrations(trajectories, env.ObservationSpace.Shape, actionShape, env.ActionSpace is Discrete);
    }

    /// <summary>
    /// Stops a recording whose episodes so far project past half the memory the process may use (the rest is the
    /// writer's and the runtime's), so that it fails within its first episodes rather than after hours, out of memory.
    /// </summary>
    internal static void CheckRoom(long held, int recorded, int episodes, string envName, long available)
    {
        double projected = (double)held / recorded * episodes;
        if (projected <= available / 2.0) return;
        throw new InputException(string.Create(CultureInfo.InvariantCulture,
            $"recording {episodes:N0} episodes of {envName} would hold about {Size(projected)} ({Size((double)held / recorded)} an episode over the first {recorded:N0}), more than half of the {Size(available)} this process may use; record fewer episodes"));
    }

    private static string Size(double bytes) => bytes switch
    {
        >= 1e9 => Amount(bytes / 1e9, "GB"),
        >= 1e6 => Amount(bytes / 1e6, "MB"),
        _ => Amount(bytes / 1e3, "kB"),
    };

    private static string Amount(double value, string unit) => string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {unit}");
}
