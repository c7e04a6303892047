using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Envs.MuJoCo;

/// <summary>
/// Each task's reward, observation and termination recomputed by hand from raw MuJoCo state: a second
/// <see cref="MjData"/> seated in the same state and driven by the bare calls Gymnasium makes (ctrl = a,
/// frame_skip × mj_step, one mj_rnePostConstraint, no mj_forward after) must match the env bit for bit,
/// derived quantities included, and the env's reward must equal the v4 formula on that raw state.
/// </summary>
public class MuJoCoRewardTests
{
    private static readonly float[] HopperAction = [0.3f, -0.7f, 1.5f]; // 1.5 is outside the box: not clipped

    [Fact]
    public void Step_Hopper_RewardIsVelocityPlusHealthyMinusCtrlCost()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Hopper();
        double[] state = Settled(env, 3);
        using MjData raw = Replay("hopper", env, env.Data, HopperAction, frameSkip: 4);
        var obs = new float[11];
        var result = env.Step(HopperAction, obs);

        AssertSameRawState(raw, env.Data);
        Assert.Equal(1.5, env.Data.Ctrl[2]);
        double dt = 0.002 * 4;
        Assert.Equal(dt, env.Dt, 15);
        double expected = (raw.Qpos[0] - state[0]) / dt + 1.0 - 1e-3 * (0.09 + 0.49 + 2.25);
        Assert.Equal(expected, result.Reward, 10);
        Assert.False(result.Terminated);
        for (int i = 1; i < 6; i++) Assert.Equal((float)raw.Qpos[i], obs[i - 1]);
        for (int i = 0; i < 6; i++) Assert.Equal((float)Math.Clamp(raw.Qvel[i], -10, 10), obs[5 + i]);
    }

    [Theory]
    [InlineData(1, 0.6, false)]   // z ≤ 0.7
    [InlineData(2, 0.3, false)]   // angle ≥ 0.2
    [InlineData(2, -0.3, false)]
    [InlineData(11, 150.0, false)] // a velocity outside (−100, 100)
    [InlineData(3, -0.1, true)]
    public void Step_HopperSeatedState_TerminatesWhenUnhealthyAndStillPaysHealthyReward(int index, double value, bool healthy)
    {
        MuJoCoRequirement.Ensure();
        using var env = new Hopper();
        env.Reset(new float[11], seed: 0);
        double[] state = env.State;
        state[index] = value;
        env.State = state;
        Assert.Equal(healthy, env.IsHealthy);
        double xBefore = env.State[0];
        var result = env.Step(new float[3], new float[11]);
        Assert.Equal(!healthy, result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal((env.State[0] - xBefore) / env.Dt + 1.0, result.Reward, 9); // v4: healthy reward paid anyway
    }

    [Fact]
    public void Step_Walker2d_RewardAndTermination()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Walker2d();
        float[] action = [0.5f, -0.5f, 0.25f, -1f, 1f, 0f];
        double[] state = Settled(env, 6);
        using MjData raw = Replay("walker2d", env, env.Data, action, frameSkip: 4);
        var obs = new float[17];
        var result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);
        double expected = (raw.Qpos[0] - state[0]) / 0.008 + 1.0 - 1e-3 * (0.25 + 0.25 + 0.0625 + 1 + 1);
        Assert.Equal(expected, result.Reward, 10);
        Assert.Equal((float)Math.Clamp(raw.Qvel[3], -10, 10), obs[8 + 3]);

        state = env.State;
        state[1] = 0.75;
        env.State = state;
        Assert.True(env.Step(action, obs).Terminated);
        state[1] = 1.25;
        state[2] = 1.2;
        env.State = state;
        Assert.False(env.IsHealthy);
        state[2] = 0.5;
        env.State = state;
        Assert.True(env.IsHealthy);
    }

    [Fact]
    public void Step_HalfCheetah_RewardIsVelocityMinusCtrlCostAndNeverTerminates()
    {
        MuJoCoRequirement.Ensure();
        using var env = new HalfCheetah();
        float[] action = [1f, -1f, 0.5f, -0.5f, 0.1f, 0f];
        double[] state = Settled(env, 6);
        using MjData raw = Replay("half_cheetah", env, env.Data, action, frameSkip: 5);
        var obs = new float[17];
        var result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);
        Assert.Equal(0.05, env.Dt, 15);
        double ctrl = 1 + 1 + 0.25 + 0.25 + (double)0.1f * 0.1f;
        Assert.Equal((raw.Qpos[0] - state[0]) / 0.05 - 0.1 * ctrl, result.Reward, 10);
        Assert.Equal((float)raw.Qvel[8], obs[16]); // unclipped velocities
        state = env.State;
        state[1] = -5; // buried: still not terminal
        env.State = state;
        Assert.False(env.Step(action, obs).Terminated);
    }

    [Fact]
    public void Step_Reacher_RewardFromPreStepDistanceAndRawAction()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Reacher();
        env.Reset(new float[11], seed: 2);
        double[] state = env.State;
        int tip = env.Data.Model.Id(MjObject.Body, "fingertip"), target = env.Data.Model.Id(MjObject.Body, "target");
        double dx = env.Data.Xpos[3 * tip] - env.Data.Xpos[3 * target];
        double dy = env.Data.Xpos[3 * tip + 1] - env.Data.Xpos[3 * target + 1];
        double dz = env.Data.Xpos[3 * tip + 2] - env.Data.Xpos[3 * target + 2];
        Assert.Equal(0.0, dz);
        float[] action = [0.5f, -2f];
        using MjData raw = Replay("reacher", env, env.Data, action, frameSkip: 2);
        var obs = new float[11];
        var result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);
        Assert.Equal(-Math.Sqrt(dx * dx + dy * dy) - (0.25 + 4.0), result.Reward, 12);
        Assert.False(result.Terminated);
        Assert.Equal((float)Math.Cos(raw.Qpos[0]), obs[0]);
        Assert.Equal((float)Math.Cos(raw.Qpos[1]), obs[1]);
        Assert.Equal((float)Math.Sin(raw.Qpos[0]), obs[2]);
        Assert.Equal((float)Math.Sin(raw.Qpos[1]), obs[3]);
        Assert.Equal((float)raw.Qpos[2], obs[4]);
        Assert.Equal((float)raw.Qvel[1], obs[7]);
        Assert.Equal((float)(raw.Xpos[3 * tip] - raw.Xpos[3 * target]), obs[8]);
        Assert.Equal(0f, obs[10]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_Ant_RewardUsesTorsoXposAndOptionalContactCost(bool contact)
    {
        MuJoCoRequirement.Ensure();
        using var env = new Ant(contact);
        float[] action = [0.5f, -0.5f, 0.5f, -0.5f, 1f, -1f, 0.25f, 0f];
        double[] state = Settled(env, 20); // landed: the feet touch the floor
        using MjData raw = Replay("ant", env, env.Data, action, frameSkip: 5);
        double xBefore = env.Data.Xpos[3 * 1]; // after set_state; within an episode it lags a step behind
        var obs = new float[env.ObservationSpace.FlatSize];
        var result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);

        double contactCost = 0;
        foreach (double f in raw.CfrcExt) contactCost += Math.Pow(Math.Clamp(f, -1, 1), 2);
        Assert.True(contactCost > 0);
        double expected = (raw.Xpos[3 * 1] - xBefore) / 0.05 + 1.0 - 0.5 * (0.25 * 4 + 2 + (double)0.25f * 0.25f);
        if (contact) expected -= 5e-4 * contactCost;
        Assert.Equal(expected, result.Reward, 10);
        Assert.Equal(contact ? 111 : 27, obs.Length);
        Assert.Equal((float)raw.Qpos[2], obs[0]);
        Assert.Equal((float)raw.Qvel[13], obs[26]);
        if (contact)
        {
            for (int i = 0; i < 6; i++) Assert.Equal(0f, obs[27 + i]); // the world body's row
            for (int i = 0; i < 84; i++) Assert.Equal((float)Math.Clamp(raw.CfrcExt[i], -1, 1), obs[27 + i]);
        }

        state = env.State;
        state[2] = 1.1;
        env.State = state;
        Assert.False(env.IsHealthy);
        state[2] = 1.0; // closed interval
        env.State = state;
        Assert.True(env.IsHealthy);
        state[20] = double.NaN;
        env.State = state;
        Assert.False(env.IsHealthy);
    }

    [Fact]
    public void Step_Humanoid_RewardUsesMassCentreAndCtrl()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Humanoid();
        var action = new float[17];
        for (int i = 0; i < 17; i++) action[i] = (i % 3 - 1) * 0.3f;
        double[] state = Settled(env, 5);
        using MjData raw = Replay("humanoid", env, env.Data, action, frameSkip: 5);
        double xBefore = MassCentreX(env.Data);
        var obs = new float[376];
        var result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);

        double ctrl = 0;
        foreach (float a in action) ctrl += (double)a * a;
        double expected = 1.25 * (MassCentreX(raw) - xBefore) / 0.015 + 5.0 - 0.1 * ctrl;
        Assert.Equal(expected, result.Reward, 10);
        Assert.False(result.Terminated);
        // Layout: qpos[2:] 22, qvel 23, cinert 140, cvel 84, qfrc_actuator 23, cfrc_ext 84.
        Assert.Equal((float)raw.Qpos[2], obs[0]);
        Assert.Equal((float)raw.Qvel[0], obs[22]);
        Assert.Equal((float)raw.Cinert[10], obs[45 + 10]);
        Assert.Equal((float)raw.Cvel[6], obs[185 + 6]);
        Assert.Equal((float)raw.QfrcActuator[6], obs[269 + 6]);
        Assert.Equal((float)raw.CfrcExt[6 * 13 + 5], obs[375]);

        double[] fallen = env.State;
        fallen[2] = 0.9;
        env.State = fallen;
        Assert.True(env.Step(action, obs).Terminated);
    }

    /// <summary>Resets with a seed and takes a few zero-action steps, so the next step starts from a moving, touching state.</summary>
    internal static double[] Settled(Apprentice.Envs.IStatefulEnv env, int steps)
    {
        var obs = new float[env.ObservationSpace.FlatSize];
        var zero = new float[env.ActionSpace.FlatSize];
        env.Reset(obs, seed: 1);
        for (int i = 0; i < steps; i++) env.Step(zero, obs);
        return env.State;
    }

    /// <summary>
    /// Seats the env in its current state (set_state) and replays Gymnasium's calls on a fresh mjData: set_state,
    /// then do_simulation. The constraint solver starts from the previous accelerations (qacc_warmstart, which
    /// every forward pass updates), so the replay copies them before either side's forward pass.
    /// </summary>
    internal static MjData Replay(string model, Apprentice.Envs.IStatefulEnv env, MjData source, float[] action, int frameSkip)
    {
        MjModel m = MuJoCoModels.Shared(model);
        var d = new MjData(m);
        source.Doubles("qacc_warmstart").CopyTo(d.Doubles("qacc_warmstart"));
        d.SetState(source.Qpos, source.Qvel);
        env.State = env.State;
        for (int i = 0; i < m.Nu; i++) d.Ctrl[i] = action[i];
        for (int i = 0; i < frameSkip; i++) d.Step();
        d.RnePostConstraint();
        return d;
    }

    internal static void AssertSameRawState(MjData expected, MjData actual)
    {
        Assert.Equal(expected.Qpos.ToArray(), actual.Qpos.ToArray());
        Assert.Equal(expected.Qvel.ToArray(), actual.Qvel.ToArray());
        Assert.Equal(expected.Xpos.ToArray(), actual.Xpos.ToArray()); // lagging: from the last forward pass inside mj_step
        Assert.Equal(expected.CfrcExt.ToArray(), actual.CfrcExt.ToArray());
    }

    internal static double MassCentreX(MjData d)
    {
        ReadOnlySpan<double> mass = d.Model.Doubles("body_mass");
        double sum = 0, total = 0;
        for (int b = 0; b < mass.Length; b++)
        {
            sum += mass[b] * d.Xipos[3 * b];
            total += mass[b];
        }
        return sum / total;
    }
}
