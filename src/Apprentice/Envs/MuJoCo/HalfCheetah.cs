namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>HalfCheetah-v4</c> (<c>half_cheetah_v4.py</c>; model after Wawrzyński 2009): a planar
/// runner, Euler integration, frame skip 5 (dt = 0.05). Reward <c>Δx/dt − 0.1·Σa²</c>; never terminates.
/// Obs (17): qpos[1:], qvel. Reset: qpos + U(±0.1), qvel + 0.1·N(0, 1).
/// </summary>
public sealed class HalfCheetah : IStatefulEnv
{
    private const double CtrlCostWeight = 0.1;
    private const double ResetNoise = 0.1;

    private static readonly Box SharedObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 17);

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;

    public HalfCheetah()
    {
        _sim = new MjSimulation("half_cheetah", 5, nameof(HalfCheetah));
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

    public void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        _sim.BeginReset(seed);
        _sim.AddUniform(_sim.InitQpos, -ResetNoise, ResetNoise, _qpos);
        _sim.AddGaussian(_sim.InitQvel, ResetNoise, _qvel);
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, SharedObservationSpace);
        double xBefore = _sim.Data.Qpos[0];
        _sim.DoSimulation(action);
        double xVelocity = (_sim.Data.Qpos[0] - xBefore) / _sim.Dt;
        double reward = xVelocity - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        Observe(observation);
        return new StepResult(reward, false, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
        int k = 0;
        for (int i = 1; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)v;
    }

    public void Dispose() => _sim.Dispose();
}
