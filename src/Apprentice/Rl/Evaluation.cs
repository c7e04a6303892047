using Apprentice.Envs;

namespace Apprentice.Rl;

/// <summary>Returns and lengths of whole episodes run with a fixed actor, and their summary statistics.</summary>
public sealed record Evaluation(double[] Returns, int[] Lengths)
{
    /// <summary>Chooses an action for an observation; writes it into the destination.</summary>
    public delegate void Actor(ReadOnlySpan<float> observation, Span<float> action);

    /// <summary>Sees every observation of an episode, from the reset's to the one it ended in, with the action that led to it (empty after a reset).</summary>
    public delegate void Observer(int episode, ReadOnlySpan<float> observation, ReadOnlySpan<float> action);

    public int Episodes => Returns.Length;
    public double MeanReturn => Returns.Average();
    public double StdReturn => Statistics.MeanStd(Returns).Std;
    /// <summary>The middle return: one failed episode moves the mean, not this.</summary>
    public double MedianReturn => Statistics.Median(Returns);
    public double MinReturn => Returns.Min();
    public double MaxReturn => Returns.Max();
    public double MeanLength => Lengths.Average();
    public double StdLength => Statistics.MeanStd([.. Lengths.Select(l => (double)l)]).Std;

    /// <summary>
    /// <paramref name="act"/> with its continuous actions clipped to <paramref name="actionSpace"/>'s bounds before the
    /// step, as Gymnasium's ClipAction wrapper and Stable-Baselines3 do: the env is stepped with the action it executes.
    /// It matters where a task charges a cost on the action it is given: the MuJoCo tasks clamp an out-of-range control
    /// but charge their control cost on it as given (Humanoid on data.ctrl, which holds it unclamped). Discrete actions
    /// pass unchanged.
    /// </summary>
    public static Actor Executed(Actor act, Space actionSpace)
    {
        ArgumentNullException.ThrowIfNull(act);
        if (actionSpace is not Box box) return act;
        return (observation, action) =>
        {
            act(observation, action);
            box.Clip(action, action);
        };
    }

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes until terminated or truncated. The first reset takes
    /// <paramref name="seed"/>; later resets continue the env's stream, as in Gymnasium. <paramref name="observe"/>,
    /// when given, sees each observation (to draw the episodes, say). <paramref name="stop"/> ends the run after the
    /// episode under way (the first is always run whole), with the episodes finished so far.
    /// </summary>
    public static Evaluation Run(IEnv env, Actor act, int episodes, int seed, Observer? observe = null, CancellationToken stop = default)
    {
        Guard.Positive(episodes, nameof(episodes));
        var observation = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int e = 0; e < episodes; e++)
        {
            if (e > 0 && stop.IsCancellationRequested) return new Evaluation(returns[..e], lengths[..e]);
            env.Reset(observation, e == 0 ? seed : null);
            observe?.Invoke(e, observation, []);
            while (true)
            {
                act(observation, action);
                StepResult step = env.Step(action, observation);
                observe?.Invoke(e, observation, action);
                returns[e] += step.Reward;
                lengths[e]++;
                if (step.Terminated || step.Truncated) break;
            }
        }
        return new Evaluation(returns, lengths);
    }
}
