namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>Reacher-v4</c> and <c>Reacher-v5</c> (<c>reacher_v4.py</c>, <c>reacher_v5.py</c>): a two-link
/// planar arm reaching for a target, frame skip 2 (dt = 0.02). Reward <c>−‖fingertip − target‖ − Σa²</c> with
/// body-frame origins (xpos), taken before the simulation step in v4 and after it in v5 (Gymnasium#821). Never
/// terminates. Obs (11): cos(qpos[0:2]), sin(qpos[0:2]), qpos[2:4] (the target), qvel[0:2], fingertip − target
/// (z ≡ 0, which v5 leaves out: 10).
/// </summary>
public sealed class Reacher : MuJoCoEnv
{
    private static readonly Box V4ObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 11);
    private static readonly Box V5ObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 10);

    private readonly int _fingertip;
    private readonly int _target;

    public Reacher(TaskVersion version = TaskVersion.V4) : base("reacher", 2, nameof(Reacher))
    {
        Version = version;
        _fingertip = Sim.Model.Id(MjObject.Body, "fingertip");
        _target = Sim.Model.Id(MjObject.Body, "target");
    }

    public TaskVersion Version { get; }

    public override Box ObservationSpace => Version == TaskVersion.V5 ? V5ObservationSpace : V4ObservationSpace;

    private protected override string[] NameObservations()
    {
        string[] qpos = MjNames.Qpos(Model), qvel = MjNames.Dofs(Model, "qvel");
        string[] tipToTarget = ["fingertip_to_target.x", "fingertip_to_target.y", "fingertip_to_target.z"];
        return [$"cos({qpos[0]})", $"cos({qpos[1]})", $"sin({qpos[0]})", $"sin({qpos[1]})", qpos[2], qpos[3], qvel[0], qvel[1],
            .. tipToTarget[..(ObservationSpace.FlatSize - 8)]];
    }

    public override void Reset(Span<float> observation, int? seed = null)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        Sim.BeginReset(seed);
        Sim.AddUniform(Sim.InitQpos, -0.1, 0.1, Qpos);
        double gx, gy;
        do
        {
            gx = Sim.Rng.Uniform(-0.2, 0.2);
            gy = Sim.Rng.Uniform(-0.2, 0.2);
        } while (!(Math.Sqrt(gx * gx + gy * gy) < 0.2));
        Qpos[^2] = gx;
        Qpos[^1] = gy;
        Sim.AddUniform(Sim.InitQvel, -0.005, 0.005, Qvel);
        Qvel[^2] = 0;
        Qvel[^1] = 0;
        Sim.SetState(Qpos, Qvel);
        Observe(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, ObservationSpace);
        double reward = 0;
        if (Version == TaskVersion.V4) reward = Reward(action);
        Sim.DoSimulation(action);
        if (Version == TaskVersion.V5) reward = Reward(action);
        Observe(observation);
        return new StepResult(reward, false, false);
    }

    /// <summary><c>−‖fingertip − target‖ − Σa²</c> at the current state.</summary>
    private double Reward(ReadOnlySpan<float> action)
    {
        Span<double> vec = stackalloc double[3];
        FingertipToTarget(vec);
        return -Math.Sqrt(vec[0] * vec[0] + vec[1] * vec[1] + vec[2] * vec[2]) - MjSimulation.SumOfSquares(action);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        ReadOnlySpan<double> qpos = Sim.Data.Qpos, qvel = Sim.Data.Qvel;
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
        for (int i = 0; i < ObservationSpace.FlatSize - 8; i++) observation[8 + i] = (float)vec[i];
    }

    private void FingertipToTarget(Span<double> vec)
    {
        ReadOnlySpan<double> xpos = Sim.Data.Xpos;
        for (int i = 0; i < 3; i++) vec[i] = xpos[3 * _fingertip + i] - xpos[3 * _target + i];
    }
}
