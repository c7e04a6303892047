namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Reacher-v4</c> (<c>reacher_v4.py</c>): a two-link planar arm reaching for a target, frame
/// skip 2 (dt = 0.02). The reward is taken before the simulation step, as v4 does:
/// <c>−‖fingertip − target‖ − Σa²</c> with body-frame origins (xpos). Never terminates.
/// Obs (11): cos(qpos[0:2]), sin(qpos[0:2]), qpos[2:4] (the target), qvel[0:2], fingertip − target (z ≡ 0).
/// </summary>
public sealed class Reacher : IStatefulEnv
{
    private static readonly Box SharedObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 11);

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;
    private readonly int _fingertip;
    private readonly int _target;

    public Reacher()
    {
        _sim = new MjSimulation("reacher", 2, nameof(Reacher));
        _qpos = new double[_sim.Model.Nq];
        _qvel = new double[_sim.Model.Nv];
        _fingertip = _sim.Model.Id(MjObject.Body, "fingertip");
        _target = _sim.Model.Id(MjObject.Body, "target");
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
        _sim.AddUniform(_sim.InitQpos, -0.1, 0.1, _qpos);
        double gx, gy;
        do
        {
            gx = _sim.Rng.Uniform(-0.2, 0.2);
            gy = _sim.Rng.Uniform(-0.2, 0.2);
        } while (!(Math.Sqrt(gx * gx + gy * gy) < 0.2));
        _qpos[^2] = gx;
        _qpos[^1] = gy;
        _sim.AddUniform(_sim.InitQvel, -0.005, 0.005, _qvel);
        _qvel[^2] = 0;
        _qvel[^1] = 0;
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, SharedObservationSpace);
        Span<double> vec = stackalloc double[3];
        FingertipToTarget(vec);
        double reward = -Math.Sqrt(vec[0] * vec[0] + vec[1] * vec[1] + vec[2] * vec[2]) - MjSimulation.SumOfSquares(action);
        _sim.DoSimulation(action);
        Observe(observation);
        return new StepResult(reward, false, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
        observation[0] = (float)Math.Cos(qpos[0]);
        observation[1] = (float)Math.Cos(qpos[1]);
        observation[2] = (float)Math.Sin(qpos[0]);
        observation[3] = (float)Math.Sin(qpos[1]);
        observation[4] = (float)qpos[2];
        observation[5] = (float)qpos[3];
        observation[6] = (float)qvel[0];
        observation[7] = (float)qvel[1];
        Span<double> vec = stackalloc double[3];
        FingertipToTarget(vec);
        for (int i = 0; i < 3; i++) observation[8 + i] = (float)vec[i];
    }

    public void Dispose() => _sim.Dispose();

    private void FingertipToTarget(Span<double> vec)
    {
        ReadOnlySpan<double> xpos = _sim.Data.Xpos;
        for (int i = 0; i < 3; i++) vec[i] = xpos[3 * _fingertip + i] - xpos[3 * _target + i];
    }
}
