namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Hopper-v4</c> (<c>hopper_v4.py</c>; model after Erez, Tassa &amp; Todorov 2011): a one-legged
/// planar robot, frame skip 4 (dt = 0.008). Reward <c>Δx/dt + 1 − 1e-3·Σa²</c>; the healthy reward is paid
/// on every step, the terminating one included (v4). Terminates when unhealthy: |state[2:]| ≥ 100,
/// z ≤ 0.7 or |angle| ≥ 0.2 (open intervals, so NaN counts as unhealthy).
/// Obs (11): qpos[1:], clip(qvel, ±10).
/// </summary>
public sealed class Hopper : IStatefulEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 1e-3;
    private const double ResetNoise = 5e-3;

    private static readonly Box SharedObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 11);

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;

    public Hopper()
    {
        _sim = new MjSimulation("hopper", 4, nameof(Hopper));
        _qpos = new double[_sim.Model.Nq];
        _qvel = new double[_sim.Model.Nv];
    }

    public Box ObservationSpace => SharedObservationSpace;

    public Space ActionSpace => _sim.ActionSpace;

    public EnvSpec? Spec => null;

    /// <summary>The raw MuJoCo state, for reading derived quantities.</summary>
    public MjData Data => _sim.Data;

    /// <summary>opt.timestep · frame skip.</summary>
    public double Dt => _sim.Dt;

    /// <summary>concat(qpos, qvel); setting it runs <c>mj_forward</c>, as Gymnasium's <c>set_state</c>.</summary>
    public double[] State
    {
        get => _sim.State;
        set => _sim.State = value;
    }

    public bool IsHealthy
    {
        get
        {
            ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
            for (int i = 2; i < qpos.Length; i++) if (!(qpos[i] > -100 && qpos[i] < 100)) return false;
            foreach (double v in qvel) if (!(v > -100 && v < 100)) return false;
            return qpos[1] > 0.7 && qpos[2] > -0.2 && qpos[2] < 0.2;
        }
    }

    public void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        _sim.BeginReset(seed);
        _sim.AddUniform(_sim.InitQpos, -ResetNoise, ResetNoise, _qpos);
        _sim.AddUniform(_sim.InitQvel, -ResetNoise, ResetNoise, _qvel);
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, SharedObservationSpace);
        double xBefore = _sim.Data.Qpos[0];
        _sim.DoSimulation(action);
        double xVelocity = (_sim.Data.Qpos[0] - xBefore) / _sim.Dt;
        double reward = xVelocity + HealthyReward - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        Observe(observation);
        return new StepResult(reward, !IsHealthy, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
        int k = 0;
        for (int i = 1; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)Math.Clamp(v, -10.0, 10.0);
    }

    public void Dispose() => _sim.Dispose();
}
