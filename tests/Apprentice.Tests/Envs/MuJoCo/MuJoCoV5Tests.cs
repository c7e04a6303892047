using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using static Apprentice.Tests.Envs.MuJoCo.MuJoCoRewardTests;

namespace Apprentice.Tests.Envs.MuJoCo;

/// <summary>
/// Gymnasium's v5 MuJoCo tasks against their v5 definitions (<c>*_v5.py</c>), recomputed from raw MuJoCo state as
/// <see cref="MuJoCoRewardTests"/> does for v4, and against v4 where v5 changed nothing: the same dynamics, so
/// the same observations for the same seed and actions.
/// </summary>
public class MuJoCoV5Tests
{
    [Theory]
    [InlineData("Hopper")]
    [InlineData("Ant")]
    [InlineData("Humanoid")]
    public void Step_Unhealthy_PaysNoHealthyRewardInV5_AndV4PaysIt(string task)
    {
        MuJoCoRequirement.Ensure();
        using var v4 = (MuJoCoEnv)Gym.Make(task + "-v4").Unwrapped;
        using var v5 = (MuJoCoEnv)Gym.Make(task + "-v5").Unwrapped;
        double healthyReward = task == "Humanoid" ? 5.0 : 1.0;
        // z outside the task's healthy range (Ant's lies on the floor, so it is lifted above it instead).
        int zIndex = task == "Hopper" ? 1 : 2;
        double unhealthyZ = task == "Ant" ? 1.5 : 0.1;
        foreach (bool fallen in new[] { false, true })
        {
            double[] rewards = new double[2];
            bool[] terminated = new bool[2];
            int e = 0;
            foreach (MuJoCoEnv env in new[] { v4, v5 })
            {
                var obs = new float[env.ObservationSpace.FlatSize];
                env.Reset(obs, seed: 4);
                double[] state = env.State;
                if (fallen) state[zIndex] = unhealthyZ;
                env.State = state;
                StepResult result = env.Step(new float[env.ActionSpace.FlatSize], obs);
                rewards[e] = result.Reward + (env is Ant or Humanoid && e == 1 ? ContactCost(env) : 0);
                terminated[e++] = result.Terminated;
            }
            Assert.Equal([fallen, fallen], terminated);
            Assert.Equal(rewards[0] - (fallen ? healthyReward : 0), rewards[1], 9);
        }
    }

    [Fact]
    public void Step_HopperAndWalker2dV5_PayTheHealthyRewardOnlyWhileHealthy()
    {
        MuJoCoRequirement.Ensure();
        foreach (PlanarWalkerEnv env in new PlanarWalkerEnv[] { new Hopper(TaskVersion.V5), new Walker2d(TaskVersion.V5) })
        {
            using (env)
            {
                float[] action = new float[env.ActionSpace.FlatSize];
                action[0] = 0.5f;
                var obs = new float[env.ObservationSpace.FlatSize];
                foreach (bool fallen in new[] { false, true })
                {
                    double[] state = Settled(env, 3);
                    if (fallen) state[1] = 0.5; // below both tasks' healthy heights
                    env.State = state;
                    StepResult result = env.Step(action, obs);
                    Assert.Equal(fallen, !env.IsHealthy);
                    Assert.Equal(fallen, result.Terminated);
                    double healthyReward = fallen ? 0 : 1;
                    Assert.Equal((env.State[0] - state[0]) / 0.008 + healthyReward - 1e-3 * 0.25, result.Reward, 10);
                }
            }
        }
    }

    [Fact]
    public void Walker2dV5_BothFeetGripAt19_AndV4sRightFootAt09()
    {
        MuJoCoRequirement.Ensure();
        using var v4 = new Walker2d();
        using var v5 = new Walker2d(TaskVersion.V5);
        Assert.Equal((0.9, 1.9), (Friction(v4, "foot_geom"), Friction(v4, "foot_left_geom")));
        Assert.Equal((1.9, 1.9), (Friction(v5, "foot_geom"), Friction(v5, "foot_left_geom")));
    }

    [Fact]
    public void Rollout_HopperV5_SameAsV4_ButForTheHealthyRewardOfTheStepItFalls()
    {
        MuJoCoRequirement.Ensure();
        (float[] obs4, double[] rewards4, bool[] done4) = Rollout("Hopper-v4");
        (float[] obs5, double[] rewards5, bool[] done5) = Rollout("Hopper-v5");
        Assert.Equal(obs4, obs5);
        Assert.Equal(done4, done5);
        Assert.True(done4[^1], "a random hopper falls within 200 steps");
        for (int t = 0; t < rewards4.Length; t++) Assert.Equal(rewards4[t] - (done4[t] ? 1.0 : 0.0), rewards5[t], 12);
    }

    /// <summary>
    /// Healthy before the step and not after it (moving out of the healthy range): v5 judges health after the step,
    /// so it pays no healthy reward for it, and the episode terminates.
    /// </summary>
    [Theory]
    [InlineData("Hopper", 2, 0.19, 5.0)]     // the angle tips past 0.2
    [InlineData("Walker2d", 2, 0.99, 5.0)]   // past 1
    [InlineData("Ant", 2, 0.99, 2.0)]        // z rises above 1
    [InlineData("Humanoid", 2, 1.99, 10.0)]  // above 2
    public void Step_LeavingTheHealthyRange_PaysNoHealthyRewardForThatStepInV5(string task, int coordinate, double value, double velocity)
    {
        MuJoCoRequirement.Ensure();
        using var env = (MuJoCoEnv)Gym.Make(task + "-v5").Unwrapped;
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, seed: 6);
        double[] state = env.State;
        state[coordinate] = value; // the first three coordinates of every task here have their velocities at the same index
        state[env.Model.Nq + coordinate] = velocity;
        env.State = state;
        Assert.True(Healthy(env));
        double before = ForwardPosition(env);
        StepResult result = env.Step(new float[env.ActionSpace.FlatSize], obs);
        Assert.False(Healthy(env));
        Assert.True(result.Terminated);
        double forward = (ForwardPosition(env) - before) / env.Dt * (task == "Humanoid" ? 1.25 : 1.0);
        Assert.Equal(forward - ContactCost(env), result.Reward, 9);
    }

    [Fact]
    public void Step_AntV5_ContactCostAlways_ObsWithoutTheWorldsRow()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Ant(useContactForces: true, TaskVersion.V5);
        Assert.Equal(105, env.ObservationSpace.FlatSize);
        float[] action = [0.5f, -0.5f, 0.5f, -0.5f, 1f, -1f, 0.25f, 0f];
        Settled(env, 20);
        using MjData raw = Replay("ant", env, env.Data, action, frameSkip: 5);
        double xBefore = env.Data.Xpos[3 * 1];
        var obs = new float[105];
        StepResult result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);

        double contact = 0;
        foreach (double f in raw.CfrcExt) contact += Math.Pow(Math.Clamp(f, -1, 1), 2);
        Assert.True(contact > 0);
        double expected = (raw.Xpos[3 * 1] - xBefore) / 0.05 + 1.0 - 0.5 * (0.25 * 4 + 2 + (double)0.25f * 0.25f) - 5e-4 * contact;
        Assert.Equal(expected, result.Reward, 10);
        Assert.Equal((float)raw.Qpos[2], obs[0]);
        Assert.Equal((float)raw.Qvel[13], obs[26]);
        for (int i = 0; i < 78; i++) Assert.Equal((float)Math.Clamp(raw.CfrcExt[6 + i], -1, 1), obs[27 + i]);

        using var bare = new Ant(useContactForces: false, TaskVersion.V5); // include_cfrc_ext_in_observation=False
        Assert.Equal(27, bare.ObservationSpace.FlatSize);
    }

    [Fact]
    public void Step_HumanoidV5_ContactCostAndObsWithoutWorldRowsOrFreeJointForces()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Humanoid(TaskVersion.V5);
        Assert.Equal(348, env.ObservationSpace.FlatSize);
        var action = new float[17];
        for (int i = 0; i < 17; i++) action[i] = (i % 3 - 1) * 0.3f;
        Settled(env, 0);
        for (int t = 0; t < 100 && MjSimulation.SumOfSquares(env.Data.CfrcExt) == 0; t++) env.Step(new float[17], new float[348]); // until it lands
        Assert.True(env.IsHealthy);
        using MjData raw = Replay("humanoid", env, env.Data, action, frameSkip: 5);
        double xBefore = MassCentreX(env.Data);
        var obs = new float[348];
        StepResult result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);

        double ctrl = 0, forces = MjSimulation.SumOfSquares(raw.CfrcExt);
        foreach (float a in action) ctrl += (double)a * a;
        Assert.InRange(5e-7 * forces, 1e-6, 10); // touching the floor, below the cap
        double expected = 1.25 * (MassCentreX(raw) - xBefore) / 0.015 + 5.0 - 0.1 * ctrl - 5e-7 * forces;
        Assert.Equal(expected, result.Reward, 10);
        // Layout: qpos[2:] 22, qvel 23, cinert[1:] 130, cvel[1:] 78, qfrc_actuator[6:] 17, cfrc_ext[1:] 78.
        Assert.Equal((float)raw.Qpos[2], obs[0]);
        Assert.Equal((float)raw.Qvel[0], obs[22]);
        Assert.Equal((float)raw.Cinert[10], obs[45]);
        Assert.Equal((float)raw.Cvel[6], obs[175]);
        Assert.Equal((float)raw.QfrcActuator[6], obs[253]);
        Assert.Equal((float)raw.CfrcExt[6], obs[270]);
        Assert.Equal((float)raw.CfrcExt[6 * 13 + 5], obs[347]);
    }

    [Fact]
    public void Step_HumanoidV5_ContactCostCappedAt10()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Humanoid(TaskVersion.V5);
        var obs = new float[348];
        env.Reset(obs, seed: 0);
        double[] state = env.State;
        state[2] = 0.3; // sunk into the floor: the contacts push hard
        env.State = state;
        double before = MassCentreX(env.Data);
        StepResult result = env.Step(new float[17], obs);
        double forces = MjSimulation.SumOfSquares(env.Data.CfrcExt);
        Assert.True(5e-7 * forces > 10, $"5e-7·Σcfrc_ext² = {5e-7 * forces}");
        Assert.Equal(10.0, env.ContactCost);
        Assert.False(env.IsHealthy);
        Assert.Equal(1.25 * (MassCentreX(env.Data) - before) / 0.015 - 10.0, result.Reward, 9); // no healthy reward, no control cost
    }

    [Fact]
    public void Step_ReacherV5_RewardAfterTheStep_ObsWithoutZ()
    {
        MuJoCoRequirement.Ensure();
        using var env = new Reacher(TaskVersion.V5);
        Assert.Equal(10, env.ObservationSpace.FlatSize);
        env.Reset(new float[10], seed: 2);
        float[] action = [0.5f, -2f];
        using MjData raw = Replay("reacher", env, env.Data, action, frameSkip: 2);
        var obs = new float[10];
        StepResult result = env.Step(action, obs);
        AssertSameRawState(raw, env.Data);
        int tip = env.Model.Id(MjObject.Body, "fingertip"), target = env.Model.Id(MjObject.Body, "target");
        double dx = raw.Xpos[3 * tip] - raw.Xpos[3 * target], dy = raw.Xpos[3 * tip + 1] - raw.Xpos[3 * target + 1];
        Assert.Equal(-Math.Sqrt(dx * dx + dy * dy) - (0.25 + 4.0), result.Reward, 12);
        Assert.Equal((float)dx, obs[8]);
        Assert.Equal((float)dy, obs[9]);

        using var v4 = new Reacher();
        var obs4 = new float[11];
        v4.Reset(obs4, seed: 2);
        v4.Step(action, obs4);
        Assert.Equal(obs4[..10], obs);
    }

    private static double ContactCost(MuJoCoEnv env) => env switch
    {
        Ant ant => ant.ContactCost,
        Humanoid humanoid => humanoid.ContactCost,
        _ => 0,
    };

    private static bool Healthy(MuJoCoEnv env) => env switch
    {
        PlanarWalkerEnv walker => walker.IsHealthy,
        Ant ant => ant.IsHealthy,
        Humanoid humanoid => humanoid.IsHealthy,
        _ => throw new ArgumentException(env.GetType().Name),
    };

    /// <summary>What each task's forward reward differentiates: root x, the torso's body-frame x, or the mass centre's x.</summary>
    private static double ForwardPosition(MuJoCoEnv env) => env switch
    {
        Ant => env.Data.Xpos[3 * 1],
        Humanoid => MassCentreX(env.Data),
        _ => env.Data.Qpos[0],
    };

    private static double Friction(MuJoCoEnv env, string geom) => env.Model.Doubles("geom_friction")[3 * env.Model.Id(MjObject.Geom, geom)];

    private static (float[] Observations, double[] Rewards, bool[] Terminated) Rollout(string id)
    {
        using IEnv env = Gym.Make(id);
        var rng = new Rng(21);
        int n = env.ObservationSpace.FlatSize;
        var observations = new List<float>();
        var rewards = new List<double>();
        var terminated = new List<bool>();
        var obs = new float[n];
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(obs, seed: 8);
        observations.AddRange(obs);
        for (int t = 0; t < 200; t++)
        {
            env.ActionSpace.Sample(rng, action);
            StepResult result = env.Step(action, obs);
            observations.AddRange(obs);
            rewards.Add(result.Reward);
            terminated.Add(result.Terminated);
            if (result.Terminated) break;
        }
        return ([.. observations], [.. rewards], [.. terminated]);
    }
}
