namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's <c>HalfCheetah-v4</c> (<c>half_cheetah_v4.py</c>; model after Wawrzyński 2009): a planar
/// runner, Euler integration, frame skip 5 (dt = 0.05). Reward <c>Δx/dt − 0.1·Σa²</c>; never terminates.
/// Obs (17): qpos[1:], qvel. Reset: qpos + U(±0.1), qvel + 0.1·N(0, 1). <c>HalfCheetah-v5</c> is the same task
/// (v5 renamed one of its info keys only).
/// </summary>
public sealed class HalfCheetah : MuJoCoEnv
{
    private const double CtrlCostWeight = 0.1;
    private const double ResetNoise = 0.1;

    private static readonly Box SharedObservationSpace = new(float.NegativeInfinity, float.PositiveInfinity, 17);

    public HalfCheetah() : base("half_cheetah", 5, nameof(HalfCheetah))
    {
    }

    public override Box ObservationSpace => SharedObservationSpace;

    private protected override string[] NameObservations() => StateNames(1);

    public override void Reset(Span<float> observation, int? seed = null) =>
        ResetNear(observation, seed, ResetNoise, gaussianVelocity: true);

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Sim.BeginStep(action, observation, SharedObservationSpace);
        double xBefore = Sim.Data.Qpos[0];
        Sim.DoSimulation(action);
        double xVelocity = (Sim.Data.Qpos[0] - xBefore) / Sim.Dt;
        double reward = xVelocity - CtrlCostWeight * MjSimulation.SumOfSquares(action);
        Observe(observation);
        return new StepResult(reward, false, false);
    }

    public override void Observe(Span<float> observation)
    {
        EnvChecks.Observation(observation, SharedObservationSpace);
        ReadOnlySpan<double> qpos = Sim.Data.Qpos, qvel = Sim.Data.Qvel;
        int k = 0;
        for (int i = 1; i < qpos.Length; i++) observation[k++] = (float)qpos[i];
        foreach (double v in qvel) observation[k++] = (float)v;
    }
}
