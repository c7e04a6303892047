using System.Diagnostics;
using Apprentice.Envs;
using Apprentice.Policies;

namespace Apprentice.Rl;

/// <summary>
/// Collects whole trajectories from N env copies with one batched policy forward per step, by the authors' rule
/// (their batches are whole trajectories, sampled until they hold at least the requested number of pairs): a copy
/// whose episode ends starts another only while the steps taken so far, finished and running, are fewer than
/// requested; the others idle until the last running episode ends. Every step taken is thus in the batch, and no
/// episode is cut for being long, which would bias a batch toward short episodes. With one copy this is the
/// authors' sequential sampling exactly. Every call starts all copies on fresh episodes, so each batch comes from
/// one policy. Results depend only on the seed, the generator, N and the policy: copies are stepped in index order
/// and finished trajectories are appended in (step, copy) order, whatever the worker count.
/// </summary>
public sealed class Sampler
{
    private readonly VectorEnv _envs;
    private readonly Episode[] _running;
    private readonly bool[] _active;
    private readonly Box? _clipTo;
    private float[] _actions = [], _stepped = [];
    private PolicyWorkspace? _ws;
    private MlpPolicy? _wsPolicy;

    /// <param name="envs">The copies to step; the sampler resets them.</param>
    /// <param name="clipActions">
    /// Step the copies with each continuous action clipped to the action Box, as demonstrations of executed actions were
    /// recorded, while the batch keeps the raw sample (whose log-probability the policy step needs). Where the env clamps
    /// its controls to the same bounds, as the MuJoCo tasks do, the trajectories stay the same and only the rewards that
    /// charge the action as given change: the true return then counts what the expert's did.
    /// </param>
    public Sampler(VectorEnv envs, bool clipActions = false)
    {
        _envs = envs;
        _clipTo = clipActions ? envs.ActionSpace as Box : null;
        _running = new Episode[envs.Count];
        _active = new bool[envs.Count];
        for (int i = 0; i < envs.Count; i++) _running[i] = new Episode();
    }

    /// <summary>Env steps taken so far, over all calls; each is a pair of some batch.</summary>
    public long EnvSteps { get; private set; }

    /// <summary>Wall time the last <see cref="Sample"/> spent stepping the envs (resets included).</summary>
    public double LastEnvSeconds { get; private set; }

    /// <summary>Wall time the last <see cref="Sample"/> spent in the policy's batched forward and action draws.</summary>
    public double LastPolicySeconds { get; private set; }

    /// <summary>
    /// Samples at least <paramref name="minPairs"/> pairs of whole trajectories into <paramref name="batch"/> (cleared
    /// first). The copies restart with <paramref name="seed"/> (copy i gets seed + i; null continues their streams);
    /// actions are drawn from <paramref name="rng"/>, or are the policy's mode when it is null.
    /// </summary>
    public void Sample(MlpPolicy policy, int minPairs, TrajectoryBatch batch, int? seed, Rng? rng)
    {
        Guard.Positive(minPairs, nameof(minPairs));
        int n = _envs.Count, obsSize = policy.ObservationSize, actSize = policy.ActionSize;
        int distSize = policy.Distribution.ParameterSize;
        if (_ws is null || !ReferenceEquals(_wsPolicy, policy))
        {
            _ws = policy.CreateWorkspace(n);
            _wsPolicy = policy;
        }
        if (_actions.Length != n * actSize)
        {
            _actions = new float[n * actSize];
            _stepped = _clipTo is null ? _actions : new float[n * actSize];
        }

        batch.Clear();
        long envTicks = 0, policyTicks = 0, t = Stopwatch.GetTimestamp();
        _envs.Reset(seed);
        envTicks += Stopwatch.GetTimestamp() - t;
        foreach (Episode e in _running) e.Clear();
        Array.Fill(_active, true);
        int live = n, taken = 0;
        while (live > 0)
        {
            t = Stopwatch.GetTimestamp();
            ReadOnlySpan<float> dist = policy.Act(_ws, _envs.Observations, n, rng, _actions);
            policyTicks += Stopwatch.GetTimestamp() - t;
            for (int i = 0; i < n; i++)
                if (_active[i])
                    _running[i].Record(_envs.Observation(i), _actions.AsSpan(i * actSize, actSize), dist.Slice(i * distSize, distSize));
            t = Stopwatch.GetTimestamp();
            _clipTo?.Clip(_actions, _stepped);
            _envs.Step(_stepped, _active);
            envTicks += Stopwatch.GetTimestamp() - t;
            EnvSteps += live;
            taken += live;
            for (int i = 0; i < n; i++)
            {
                if (!_active[i]) continue;
                Episode e = _running[i];
                e.Reward(_envs.Rewards[i]);
                if (!_envs.Terminated[i] && !_envs.Truncated[i]) continue;
                batch.Append(e.Length, e.Observations, e.Actions, e.Distributions, e.Rewards, _envs.Terminated[i],
                    _envs.FinalObservation(i), e.Return);
                e.Clear();
                if (taken >= minPairs)
                {
                    _active[i] = false; // its auto-reset episode is never stepped
                    live--;
                }
            }
        }
        LastEnvSeconds = (double)envTicks / Stopwatch.Frequency;
        LastPolicySeconds = (double)policyTicks / Stopwatch.Frequency;
    }

    /// <summary>One copy's episode in progress.</summary>
    private sealed class Episode
    {
        private float[] _obs = new float[256], _act = new float[64], _dist = new float[128], _rew = new float[64];
        private int _obsCount, _actCount, _distCount;

        public int Length { get; private set; }
        public double Return { get; private set; }
        public ReadOnlySpan<float> Observations => _obs.AsSpan(0, _obsCount);
        public ReadOnlySpan<float> Actions => _act.AsSpan(0, _actCount);
        public ReadOnlySpan<float> Distributions => _dist.AsSpan(0, _distCount);
        public ReadOnlySpan<float> Rewards => _rew.AsSpan(0, Length);

        public void Clear()
        {
            Length = 0;
            Return = 0;
            _obsCount = _actCount = _distCount = 0;
        }

        public void Record(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, ReadOnlySpan<float> distribution)
        {
            Append(ref _obs, ref _obsCount, observation);
            Append(ref _act, ref _actCount, action);
            Append(ref _dist, ref _distCount, distribution);
        }

        public void Reward(double reward)
        {
            if (_rew.Length == Length) Array.Resize(ref _rew, 2 * _rew.Length);
            _rew[Length++] = (float)reward;
            Return += reward;
        }

        private static void Append(ref float[] buffer, ref int count, ReadOnlySpan<float> values)
        {
            if (buffer.Length < count + values.Length) Array.Resize(ref buffer, Math.Max(2 * buffer.Length, count + values.Length));
            values.CopyTo(buffer.AsSpan(count));
            count += values.Length;
        }
    }
}
