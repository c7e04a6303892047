namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Walker2d-v4</c> (<c>walker2d_v4.py</c>; model after Erez, Tassa &amp; Todorov 2011): a planar
/// biped, frame skip 4 (dt = 0.008), feet with friction 0.9 (right) and 1.9 (left). Reward
/// <c>Δx/dt + 1 − 1e-3·Σa²</c>, the healthy reward paid on every step (v4). Terminates unless
/// 0.8 &lt; z &lt; 2 and −1 &lt; angle &lt; 1. Obs (17): qpos[1:], clip(qvel, ±10).
/// </summary>
public sealed class Walker2d : IStatefulEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 1e-3;
    private const double ResetNoise = 5e-3;

    private static readonly Box SharedObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 17);

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;

    public Walker2d()
    {
        _sim = new MjSimulation("walker2d", 4, nameof(Walker2d));
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
            double z = _sim.Data.Qpos[1], angle = _sim.Data.Qpos[2];
            return z > 0.8 && z < 2.0 && angle > -1.0 && angle < 1.0;
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
