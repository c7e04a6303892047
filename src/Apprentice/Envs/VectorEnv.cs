using System.Runtime.ExceptionServices;

namespace Apprentice.Envs;

/// <summary>
/// N copies of an env stepped together, with Gymnasium's same-step autoreset: when copy i ends (terminated
/// or truncated) its row of <see cref="Observations"/> is already the first observation of its next
/// episode, and the last observation of the finished one is in <see cref="FinalObservations"/>, flagged by
/// <see cref="HasFinalObservation"/>.
/// </summary>
/// <remarks>
/// The calling thread and persistent background threads take copies one at a time from a shared counter, so a
/// copy that costs more this step (a MuJoCo body in contact) does not leave the other threads idle; one worker
/// means plain inline stepping with no threading cost. Each copy owns its generator and buffers, so results are
/// bit-identical for any worker count and timing. Stepping allocates nothing. Not thread-safe: one caller at a time. If a copy throws, the
/// exception reaches the caller after all workers finish; that step is incomplete, so reset before going on.
/// Threads pay off only when a step's work per thread dwarfs a wake-up (microseconds): for classic control keep
/// one worker unless N is in the thousands; MuJoCo tasks gain from more.
/// </remarks>
public sealed class VectorEnv : IDisposable
{
    // Spin this many rounds before a worker or the caller blocks: long enough to bridge a policy forward
    // pass between steps, short enough not to burn a shared core while idle.
    private const int SpinCount = 200;

    private readonly IEnv[] _envs;
    private readonly int _obsSize;
    private readonly int _actSize;
    private readonly float[] _actions;
    private readonly float[] _observations;
    private readonly float[] _finalObservations;
    private readonly bool[] _hasFinal;
    private readonly double[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly bool[] _active;
    private readonly int _workers;
    private int _nextCopy;
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _go;
    private readonly ManualResetEventSlim _done = new(false, SpinCount);
    private int _pending;
    private volatile bool _stopping;
    private Exception? _workerError;
    private bool _disposed;

    /// <summary>Copies built by <paramref name="factory"/>; they must share observation and action sizes.</summary>
    /// <param name="workers">Threads that step copies, the caller included; 1 steps inline. At most <paramref name="count"/> are used.</param>
    public VectorEnv(Func<IEnv> factory, int count, int workers = 1)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Guard.Positive(count, nameof(count));
        Guard.Positive(workers, nameof(workers));
        _envs = new IEnv[count];
        try
        {
            for (int i = 0; i < count; i++) _envs[i] = factory();
        }
        catch
        {
            foreach (IEnv? env in _envs) env?.Dispose();
            throw;
        }
        ObservationSpace = _envs[0].ObservationSpace;
        ActionSpace = _envs[0].ActionSpace;
        _obsSize = ObservationSpace.FlatSize;
        _actSize = ActionSpace.FlatSize;
        for (int i = 1; i < count; i++)
        {
            if (_envs[i].ObservationSpace.FlatSize != _obsSize || _envs[i].ActionSpace.FlatSize != _actSize)
            {
                foreach (IEnv env in _envs) env.Dispose();
                throw new ArgumentException($"env copy {i} has different observation or action sizes than copy 0");
            }
        }

        _actions = new float[count * _actSize];
        _observations = new float[count * _obsSize];
        _finalObservations = new float[count * _obsSize];
        _hasFinal = new bool[count];
        _rewards = new double[count];
        _terminated = new bool[count];
        _truncated = new bool[count];
        _active = new bool[count];

        int w = _workers = Math.Min(workers, count);
        _threads = new Thread[w - 1];
        _go = new ManualResetEventSlim[w - 1];
        for (int k = 1; k < w; k++)
        {
            ManualResetEventSlim go = _go[k - 1] = new ManualResetEventSlim(false, SpinCount);
            _threads[k - 1] = new Thread(() => WorkerLoop(go)) { IsBackground = true, Name = $"VectorEnv worker {k}" };
            _threads[k - 1].Start();
        }
    }

    /// <summary>N copies of <c>Gym.Make(id, maxEpisodeSteps)</c>.</summary>
    public VectorEnv(string id, int count, int workers = 1, int? maxEpisodeSteps = null)
        : this(MakeFactory(id, maxEpisodeSteps), count, workers)
    {
    }

    /// <summary>Number of copies, N.</summary>
    public int Count => _envs.Length;

    /// <summary>Threads stepping copies, the caller included.</summary>
    public int Workers => _workers;

    /// <summary>One copy's observation space.</summary>
    public Box ObservationSpace { get; }

    /// <summary>One copy's action space.</summary>
    public Space ActionSpace { get; }

    /// <summary>The copies, e.g. to reach a copy's state through <see cref="IEnv.Unwrapped"/>.</summary>
    public IReadOnlyList<IEnv> Envs => _envs;

    /// <summary>Current observations, [N × obsSize], row-major.</summary>
    public ReadOnlySpan<float> Observations => _observations;

    /// <summary>Last observations of the episodes that ended on the last step, [N × obsSize]; rows valid where flagged.</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObservations;

    /// <summary>Per copy: its episode ended on the last step, so its row of <see cref="FinalObservations"/> is valid.</summary>
    public ReadOnlySpan<bool> HasFinalObservation => _hasFinal;

    /// <summary>Rewards of the last step, [N].</summary>
    public ReadOnlySpan<double> Rewards => _rewards;

    /// <summary>Terminated flags of the last step, [N].</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;

    /// <summary>Truncated flags of the last step, [N].</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>Copy <paramref name="i"/>'s current observation, [obsSize].</summary>
    public ReadOnlySpan<float> Observation(int i) => _observations.AsSpan(i * _obsSize, _obsSize);

    /// <summary>Copy <paramref name="i"/>'s final observation, [obsSize]; valid when <see cref="HasFinalObservation"/>[i].</summary>
    public ReadOnlySpan<float> FinalObservation(int i) => _finalObservations.AsSpan(i * _obsSize, _obsSize);

    /// <summary>
    /// Resets every copy; with a seed, copy i is seeded with seed + i (Gymnasium's convention), without one
    /// each copy continues its own stream.
    /// </summary>
    public void Reset(int? seed = null, ResetOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "seed must be non-negative");
        for (int i = 0; i < _envs.Length; i++)
        {
            int? copySeed = seed is int s ? checked(s + i) : null;
            _envs[i].Reset(_observations.AsSpan(i * _obsSize, _obsSize), copySeed, options);
        }
        Array.Clear(_hasFinal);
        Array.Clear(_rewards);
        Array.Clear(_terminated);
        Array.Clear(_truncated);
    }

    /// <summary>Steps every copy with its row of <paramref name="actions"/>, [N × actSize], auto-resetting ended copies.</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        Array.Fill(_active, true);
        StepActive(actions);
    }

    /// <summary>
    /// Steps the copies flagged in <paramref name="active"/>, [N], with their rows of <paramref name="actions"/>; the
    /// others stay where they are, with reward 0 and no end flags. A copy's results do not depend on which others step.
    /// </summary>
    public void Step(ReadOnlySpan<float> actions, ReadOnlySpan<bool> active)
    {
        Guard.Length(active, _active.Length, nameof(active));
        active.CopyTo(_active);
        StepActive(actions);
    }

    private void StepActive(ReadOnlySpan<float> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Guard.Length(actions, _actions.Length, nameof(actions));
        actions.CopyTo(_actions);
        if (_threads.Length == 0)
        {
            for (int i = 0; i < _envs.Length; i++) StepCopy(i);
            return;
        }

        _workerError = null;
        _nextCopy = 0;
        Volatile.Write(ref _pending, _threads.Length);
        foreach (ManualResetEventSlim go in _go) go.Set();
        Exception? own = null;
        try
        {
            StepShare();
        }
        catch (Exception ex)
        {
            own = ex;
        }
        _done.Wait();
        _done.Reset();
        Exception? error = own ?? _workerError;
        if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>True while any background worker thread runs (tests check that Dispose stops them).</summary>
    internal bool AnyWorkerAlive => Array.Exists(_threads, t => t.IsAlive);

    /// <summary>Stops the workers and disposes the copies.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        foreach (ManualResetEventSlim go in _go) go.Set();
        foreach (Thread t in _threads) t.Join();
        foreach (ManualResetEventSlim go in _go) go.Dispose();
        _done.Dispose();
        foreach (IEnv env in _envs) env.Dispose();
    }

    private static Func<IEnv> MakeFactory(string id, int? maxEpisodeSteps)
    {
        Gym.Spec(id); // fail on an unknown id before building anything
        return () => Gym.Make(id, maxEpisodeSteps);
    }

    private void WorkerLoop(ManualResetEventSlim go)
    {
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_stopping) return;
            try
            {
                StepShare();
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _workerError, ex, null);
            }
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    /// <summary>Takes copies from the shared counter until none is left (a thread that throws stops taking).</summary>
    private void StepShare()
    {
        for (int i = Interlocked.Increment(ref _nextCopy) - 1; i < _envs.Length; i = Interlocked.Increment(ref _nextCopy) - 1)
            StepCopy(i);
    }

    private void StepCopy(int i)
    {
        if (!_active[i])
        {
            _rewards[i] = 0;
            _terminated[i] = _truncated[i] = _hasFinal[i] = false;
            return;
        }
        Span<float> obs = _observations.AsSpan(i * _obsSize, _obsSize);
        StepResult r = _envs[i].Step(_actions.AsSpan(i * _actSize, _actSize), obs);
        _rewards[i] = r.Reward;
        _terminated[i] = r.Terminated;
        _truncated[i] = r.Truncated;
        bool ended = r.Terminated || r.Truncated;
        _hasFinal[i] = ended;
        if (ended)
        {
            obs.CopyTo(_finalObservations.AsSpan(i * _obsSize, _obsSize));
            _envs[i].Reset(obs);
        }
    }
}
