namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// What Gymnasium's Hopper and Walker2d share: a planar robot stepped 4 frames per action, reward
/// <c>Δx/dt + 1 − 1e-3·Σa²</c> with the healthy reward paid on every step, the terminating one included, in v4,
/// and only while healthy after the step in v5 (Gymnasium#526); termination when unhealthy, reset noise U(±5e-3) on qpos and qvel, and the observation
/// [qpos[1:], clip(qvel, ±10)]. A task supplies its model and its health rule.
/// </summary>
public abstract class PlanarWalkerEnv : MuJoCoEnv
{
    private const double HealthyReward = 1.0;
    private const double CtrlCostWeight = 1e-3;
    private const double ResetNoise = 5e-3;

    private protected PlanarWalkerEnv(string model, string name, TaskVersion version) : base(model, 4, name)
    {
        Version = version;
        ObservationSpace = new Box(float.NegativeInfinity, float.PositiveInfinity, Sim.Model.Nq - 1 + Sim.Model.Nv);
    }

    public override Box ObservationSpace { get; }

    private protected override string[] NameObservations() => StateNames(1);

    public TaskVersion Version { get; }

    /// <summary>The task's health rule on the current state; the episode terminates when it fails.</summary>
    public abstract bool IsHealthy { get; }

    public override void Reset(Span<float> observation, int? seed = null) =>
        ResetNear(observation, seed, ResetNoise, gaussianVelocity: false);

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, ObservationSpace);
        double xBefore = Sim.Data.Qpos[0];
        Sim.DoSimulation(action);
        double xVelocity = (Sim.Data.Qpos[0] - xBefore) / Sim.Dt;
        bool healthy = IsHealthy;
        double reward = xVelocity + Version.PaidHealthyReward(HealthyReward, healthy) - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        Observe(observation);
        return new StepResult(reward, !healthy, false);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, ObservationSpace);
        ReadOnlySpan<double> qpos = Sim.Data.Qpos, qvel = Sim.Data.Qvel;
        int k = 0;
        for (int i = 1; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)Math.Clamp(v, -10.0, 10.0);
    }
}
