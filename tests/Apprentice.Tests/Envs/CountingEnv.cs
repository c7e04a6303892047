using Apprentice.Envs;

namespace Apprentice.Tests.Envs;

/// <summary>
/// A tiny test env: observation [steps in episode, episode number, seed draw]; terminates after
/// <c>episodeLength</c> steps; reward = action. Episode number counts resets, so auto-resets are visible.
/// </summary>
internal sealed class CountingEnv(int episodeLength) : IEnv
{
    private Rng _rng = new(0);
    private int _t;
    private int _episode = -1;

    public static readonly Box Observations = new(float.NegativeInfinity, float.PositiveInfinity, 3);

    public bool Disposed { get; private set; }

    public Box ObservationSpace => Observations;

    public Space ActionSpace { get; } = new Box(-10, 10, 1);

    public EnvSpec? Spec => null;

    public void Reset(Span<float> observation, int? seed = null)
    {
        if (seed is int s) _rng = new Rng((ulong)s);
        _t = 0;
        _episode++;
        Write(observation, (float)_rng.NextDouble());
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action[0] < 0) throw new ArgumentException("negative action");
        _t++;
        Write(observation, (float)_rng.NextDouble());
        return new StepResult(action[0], _t >= episodeLength, false);
    }

    public void Dispose() => Disposed = true;

    private void Write(Span<float> observation, float draw)
    {
        observation[0] = _t;
        observation[1] = _episode;
        observation[2] = draw;
    }
}
