namespace Apprentice.Rl;

/// <summary>
/// Whole trajectories sampled from a policy, concatenated. Per pair (row): observation, action, the action
/// distribution it was drawn from, reward and time step. Per trajectory: start row, length, whether the env
/// terminated it (as opposed to a time-limit truncation, where values bootstrap from the final observation),
/// the final observation, and the undiscounted return. Buffers grow and are reused across iterations.
/// </summary>
public sealed class TrajectoryBatch
{
    private float[] _observations = [], _actions = [], _distributions = [], _rewards = [], _times = [], _finalObservations = [];
    private int[] _starts = [], _lengths = [];
    private bool[] _terminated = [];
    private double[] _returns = [];

    public TrajectoryBatch(int observationSize, int actionSize, int distributionSize)
    {
        ObservationSize = observationSize;
        ActionSize = actionSize;
        DistributionSize = distributionSize;
    }

    public int ObservationSize { get; }
    public int ActionSize { get; }
    public int DistributionSize { get; }

    /// <summary>State-action pairs.</summary>
    public int Count { get; private set; }

    public int TrajectoryCount { get; private set; }

    /// <summary>[Count × ObservationSize].</summary>
    public ReadOnlyMemory<float> Observations => _observations.AsMemory(0, Count * ObservationSize);
    /// <summary>[Count × ActionSize].</summary>
    public ReadOnlyMemory<float> Actions => _actions.AsMemory(0, Count * ActionSize);
    /// <summary>[Count × DistributionSize]: the sampling distribution's parameters.</summary>
    public ReadOnlyMemory<float> Distributions => _distributions.AsMemory(0, Count * DistributionSize);
    /// <summary>[Count] rewards from the environment.</summary>
    public ReadOnlySpan<float> Rewards => _rewards.AsSpan(0, Count);
    /// <summary>[Count] time step within the episode (0 for the first).</summary>
    public ReadOnlySpan<float> Times => _times.AsSpan(0, Count);
    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, TrajectoryCount);
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, TrajectoryCount);
    public ReadOnlySpan<bool> Terminated => _terminated.AsSpan(0, TrajectoryCount);
    /// <summary>[TrajectoryCount × ObservationSize]: the observation after each trajectory's last step.</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObservations.AsSpan(0, TrajectoryCount * ObservationSize);
    /// <summary>[TrajectoryCount] undiscounted sums of environment reward, in double.</summary>
    public ReadOnlySpan<double> Returns => _returns.AsSpan(0, TrajectoryCount);

    public void Clear()
    {
        Count = 0;
        TrajectoryCount = 0;
    }

    /// <summary>Appends a finished trajectory given as parallel row arrays of <paramref name="length"/> pairs.</summary>
    public void Append(int length, ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> distributions,
        ReadOnlySpan<float> rewards, bool terminated, ReadOnlySpan<float> finalObservation, double undiscountedReturn)
    {
        Guard.Positive(length, nameof(length));
        Guard.Length(observations, length * ObservationSize, nameof(observations));
        Guard.Length(actions, length * ActionSize, nameof(actions));
        Guard.Length(distributions, length * DistributionSize, nameof(distributions));
        Guard.Length(rewards, length, nameof(rewards));
        Guard.Length(finalObservation, ObservationSize, nameof(finalObservation));
        int rows = Count + length;
        Grow(ref _observations, rows * ObservationSize);
        Grow(ref _actions, rows * ActionSize);
        Grow(ref _distributions, rows * DistributionSize);
        Grow(ref _rewards, rows);
        Grow(ref _times, rows);
        observations.CopyTo(_observations.AsSpan(Count * ObservationSize));
        actions.CopyTo(_actions.AsSpan(Count * ActionSize));
        distributions.CopyTo(_distributions.AsSpan(Count * DistributionSize));
        rewards.CopyTo(_rewards.AsSpan(Count));
        for (int t = 0; t < length; t++) _times[Count + t] = t;

        int k = TrajectoryCount + 1;
        Grow(ref _starts, k);
        Grow(ref _lengths, k);
        Grow(ref _terminated, k);
        Grow(ref _returns, k);
        Grow(ref _finalObservations, k * ObservationSize);
        _starts[TrajectoryCount] = Count;
        _lengths[TrajectoryCount] = length;
        _terminated[TrajectoryCount] = terminated;
        _returns[TrajectoryCount] = undiscountedReturn;
        finalObservation.CopyTo(_finalObservations.AsSpan(TrajectoryCount * ObservationSize));
        Count = rows;
        TrajectoryCount = k;
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length >= needed) return;
        Array.Resize(ref array, Math.Max(needed, 2 * array.Length));
    }
}
