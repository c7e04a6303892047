namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Ant-v4</c> (<c>ant_v4.py</c>; model after Schulman et al. 2015): a four-legged robot on a free
/// joint, frame skip 5 (dt = 0.05). Reward <c>Δx_torso/dt + 1 − 0.5·Σa²</c> with the torso's body-frame xpos;
/// terminates unless the state is finite and 0.2 ≤ z ≤ 1. Obs: qpos[2:], qvel (27). With
/// <c>useContactForces</c> the obs appends clip(cfrc_ext, ±1) of every body, the world's included (84 more:
/// 111, the GAIL paper's Ant-v1 layout), and the reward subtracts <c>5e-4·Σclip(cfrc_ext, ±1)²</c>.
/// </summary>
public sealed class Ant : IStatefulEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 0.5;
    private const double ContactCostWeight = 5e-4;
    private const double ResetNoise = 0.1;

    private readonly MjSimulation _sim;
    private readonly double[] _qpos;
    private readonly double[] _qvel;
    private readonly int _torso;
    private readonly Box _observationSpace;

    /// <param name="useContactForces">Gymnasium's <c>use_contact_forces</c>: the 111-d obs and the contact cost.</param>
    public Ant(bool useContactForces = false)
    {
        _sim = new MjSimulation("ant", 5, nameof(Ant));
        UseContactForces = useContactForces;
        _qpos = new double[_sim.Model.Nq];
        _qvel = new double[_sim.Model.Nv];
        _torso = _sim.Model.Id(MjObject.Body, "torso");
        int size = _sim.Model.Nq - 2 + _sim.Model.Nv + (useContactForces ? 6 * _sim.Model.NBody : 0);
        _observationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, size);
    }

    public bool UseContactForces { get; }

    public Box ObservationSpace => _observationSpace;

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
            foreach (double q in _sim.Data.Qpos) if (!double.IsFinite(q)) return false;
            foreach (double v in _sim.Data.Qvel) if (!double.IsFinite(v)) return false;
            double z = _sim.Data.Qpos[2];
            return z >= 0.2 && z <= 1.0;
        }
    }

    /// <summary><c>5e-4·Σclip(cfrc_ext, ±1)²</c>, from the last step's <c>mj_rnePostConstraint</c>.</summary>
    public double ContactCost
    {
        get
        {
            double sum = 0;
            foreach (double f in _sim.Data.CfrcExt)
            {
                double c = Math.Clamp(f, -1.0, 1.0);
                sum += c * c;
            }
            return ContactCostWeight * sum;
        }
    }

    public void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, _observationSpace);
        _sim.BeginReset(seed);
        _sim.AddUniform(_sim.InitQpos, -ResetNoise, ResetNoise, _qpos);
        _sim.AddGaussian(_sim.InitQvel, ResetNoise, _qvel);
        _sim.SetState(_qpos, _qvel);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _sim.BeginStep(action, observation, _observationSpace);
        double xBefore = _sim.Data.Xpos[3 * _torso];
        _sim.DoSimulation(action);
        double xVelocity = (_sim.Data.Xpos[3 * _torso] - xBefore) / _sim.Dt;
        double reward = xVelocity + HealthyReward - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        if (UseContactForces) reward -= ContactCost;
        Observe(observation);
        return new StepResult(reward, !IsHealthy, false);
    }

    public void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, _observationSpace);
        ReadOnlySpan<double> qpos = _sim.Data.Qpos, qvel = _sim.Data.Qvel;
        int k = 0;
        for (int i = 2; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)v;
        if (!UseContactForces) return;
        foreach (double f in _sim.Data.CfrcExt) observation[k++] = (float)Math.Clamp(f, -1.0, 1.0);
    }

    public void Dispose() => _sim.Dispose();
}
