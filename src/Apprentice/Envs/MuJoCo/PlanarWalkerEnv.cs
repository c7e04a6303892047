namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// What Gymnasium's Hopper-v4 and Walker2d-v4 share: a planar robot stepped 4 frames per action, reward
/// <c>Δx/dt + 1 − 1e-3·Σa²</c> with the healthy reward paid on every step, the terminating one included (v4),
/// termination when unhealthy, reset noise U(±5e-3) on qpos and qvel, and the observation
/// [qpos[1:], clip(qvel, ±10)]. A task supplies its model and its health rule.
/// </summary>
public abstract class PlanarWalkerEnv : IStatefulEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 1e-3;
    private const double ResetNoise = 5e-3;

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;

    private protected PlanarWalkerEnv(string model, string name)
    {
        _sim = new MjSimulation(model, 4, name);
        _qpos = new double[_sim.Model.Nq];
        _qvel = new double[_sim.Model.Nv];
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, _sim.Model.Nq - 1 + _sim.Model.Nv);
    }

    public Box ObservationSpace { get; }

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

    /// <summary>The task's health rule on the current state; the episode terminates when it fails.</summary>
    public abstract bool IsHealthy { get; }

    public void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        _sim.BeginReset(seed);
        _sim.AddUniform(_sim.InitQpos, -ResetNoise, ResetNoise, _qpos);
        _sim.AddUniform(_sim.InitQvel, -ResetNoise, ResetNoise, _qvel);
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, ObservationSpace);
        double xBefore = _sim.Data.Qpos[0];
        _sim.DoSimulation(action);
        double xVelocity = (_sim.Data.Qpos[0] - xBefore) / _sim.Dt;
        double reward = xVelocity + HealthyReward - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        Observe(observation);
        return new StepResult(reward, !IsHealthy, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
        int k = 0;
        for (int i = 1; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)Math.Clamp(v, -10.0, 10.0);
    }

    public void Dispose() => _sim.Dispose();
}
