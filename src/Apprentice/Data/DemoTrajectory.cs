namespace Apprentice.Data;

/// <summary>
/// One demonstrated episode: T actions and the T + 1 observations around them (the last is where the episode
/// ended), flattened row-major. Immutable: the constructor copies its arrays.
/// </summary>
public sealed class DemoTrajectory
{
    private readonly float[] _observations;
    private readonly float[] _actions;
    private readonly double[]? _rewards;

    /// <param name="observations">[(T + 1) × observationSize].</param>
    /// <param name="actions">[T × actionSize]; a discrete action is one float holding its index.</param>
    /// <param name="rewards">[T], or null when the demonstrations carry no rewards.</param>
    /// <param name="terminal">The episode ended in a terminal state rather than being cut off.</param>
    public DemoTrajectory(float[] observations, float[] actions, double[]? rewards, bool terminal, int observationSize)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        Guard.Positive(observationSize, nameof(observationSize));
        if (observations.Length % observationSize != 0 || observations.Length / observationSize < 2)
            throw new ArgumentException($"a trajectory needs at least 2 observations of {observationSize} values; got {observations.Length} values");
        Length = observations.Length / observationSize - 1;
        if (actions.Length % Length != 0)
            throw new ArgumentException($"{actions.Length} action values do not split into {Length} actions");
        if (rewards is not null && rewards.Length != Length)
            throw new ArgumentException($"{rewards.Length} rewards for {Length} actions");
        _observations = (float[])observations.Clone();
        _actions = (float[])actions.Clone();
        _rewards = (double[]?)rewards?.Clone();
        Terminal = terminal;
        ObservationSize = observationSize;
        ActionSize = actions.Length / Length;
    }

    /// <summary>T, the number of actions (transitions).</summary>
    public int Length { get; }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    public bool Terminal { get; }

    public bool HasRewards => _rewards is not null;

    /// <summary>[(T + 1) × ObservationSize]: row t is the observation before action t; the last row is the final one.</summary>
    public ReadOnlySpan<float> Observations => _observations;

    /// <summary>[T × ActionSize].</summary>
    public ReadOnlySpan<float> Actions => _actions;

    /// <summary>[T], empty when <see cref="HasRewards"/> is false.</summary>
    public ReadOnlySpan<double> Rewards => _rewards;

    /// <summary>The sum of rewards; null without rewards.</summary>
    public double? Return => _rewards?.Sum();

    public ReadOnlySpan<float> Observation(int t) => _observations.AsSpan(t * ObservationSize, ObservationSize);

    public ReadOnlySpan<float> Action(int t) => _actions.AsSpan(t * ActionSize, ActionSize);
}
