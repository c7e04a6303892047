using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Envs.MuJoCo;

/// <summary>What every MuJoCo task shares: registration, spaces, reset noise, seeding, state seating, threads.</summary>
public class MuJoCoTaskTests
{
    public static TheoryData<string, int, int, float, int> Tasks => new()
    {
        // id, obs size, action size, |ctrlrange|, episode limit
        { "Reacher-v4", 11, 2, 1f, 50 },
        { "HalfCheetah-v4", 17, 6, 1f, 1000 },
        { "Hopper-v4", 11, 3, 1f, 1000 },
        { "Walker2d-v4", 17, 6, 1f, 1000 },
        { "Ant-v4", 27, 8, 1f, 1000 },
        { "Ant-v4-contact", 111, 8, 1f, 1000 },
        { "Humanoid-v4", 376, 17, 0.4f, 1000 },
        { "Reacher-v5", 10, 2, 1f, 50 },
        { "HalfCheetah-v5", 17, 6, 1f, 1000 },
        { "Hopper-v5", 11, 3, 1f, 1000 },
        { "Walker2d-v5", 17, 6, 1f, 1000 },
        { "Ant-v5", 105, 8, 1f, 1000 },
        { "Humanoid-v5", 348, 17, 0.4f, 1000 },
    };

    public static TheoryData<string> Ids => new(
        "Reacher-v4", "HalfCheetah-v4", "Hopper-v4", "Walker2d-v4", "Ant-v4", "Ant-v4-contact", "Humanoid-v4",
        "Reacher-v5", "HalfCheetah-v5", "Hopper-v5", "Walker2d-v5", "Ant-v5", "Humanoid-v5");

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Make_Task_HasGymnasiumSpacesAndLimit(string id, int obsSize, int actionSize, float range, int limit)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        Assert.Equal(limit, Assert.IsType<TimeLimit>(env).MaxEpisodeSteps);
        Assert.Equal(obsSize, env.ObservationSpace.FlatSize);
        Assert.Equal($"Box(-inf, inf, ({obsSize},), float32)", env.ObservationSpace.ToString());
        var action = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal(actionSize, action.FlatSize);
        Assert.All(action.Low, v => Assert.Equal(-range, v));
        Assert.All(action.High, v => Assert.Equal(range, v));
        Assert.IsAssignableFrom<IStatefulEnv>(env.Unwrapped);
    }

    [Fact]
    public void Specs_MuJoCoTasks_RegisteredWithGymnasiumThresholds()
    {
        var specs = Gym.Specs.ToDictionary(s => s.Id);
        Assert.Equal(-3.75, specs["Reacher-v4"].RewardThreshold);
        Assert.Equal(4800.0, specs["HalfCheetah-v4"].RewardThreshold);
        Assert.Equal(3800.0, specs["Hopper-v4"].RewardThreshold);
        Assert.Null(specs["Walker2d-v4"].RewardThreshold);
        Assert.Equal(6000.0, specs["Ant-v4"].RewardThreshold);
        Assert.Null(specs["Humanoid-v4"].RewardThreshold);
        foreach (string task in new[] { "Reacher", "HalfCheetah", "Hopper", "Walker2d", "Ant", "Humanoid" })
            Assert.Equal(specs[task + "-v4"].RewardThreshold, specs[task + "-v5"].RewardThreshold);
    }

    [Theory]
    [InlineData("Reacher-v4", 0.1, 0.005)]
    [InlineData("HalfCheetah-v4", 0.1, double.NaN)]
    [InlineData("Hopper-v4", 5e-3, 5e-3)]
    [InlineData("Walker2d-v4", 5e-3, 5e-3)]
    [InlineData("Ant-v4", 0.1, double.NaN)]
    [InlineData("Humanoid-v4", 1e-2, 1e-2)]
    [InlineData("Reacher-v5", 0.1, 0.005)]
    [InlineData("HalfCheetah-v5", 0.1, double.NaN)]
    [InlineData("Hopper-v5", 5e-3, 5e-3)]
    [InlineData("Walker2d-v5", 5e-3, 5e-3)]
    [InlineData("Ant-v5", 0.1, double.NaN)]
    [InlineData("Humanoid-v5", 1e-2, 1e-2)]
    public void Reset_Seeds_NoiseAroundInitialStateWithinBounds(string id, double qposNoise, double qvelNoise)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        var raw = (IStatefulEnv)env.Unwrapped;
        var obs = new float[env.ObservationSpace.FlatSize];
        using MjModel model = MjModel.FromXml(MuJoCoModels.Xml(ModelName(id)));
        double[] qpos0 = model.Doubles("qpos0").ToArray();
        int nq = model.Nq;
        double maxQpos = 0, maxQvel = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            env.Reset(obs, seed);
            double[] state = raw.State;
            int limit = id.StartsWith("Reacher") ? nq - 2 : nq; // the target is drawn separately
            bool free = model.Ints("jnt_type")[0] == 0;
            for (int i = 0; i < limit; i++)
            {
                // mj_forward (in set_state) normalises a free joint's noisy quaternion, qpos[3:7], in place.
                if (free && i is >= 3 and < 7) continue;
                maxQpos = Math.Max(maxQpos, Math.Abs(state[i] - qpos0[i]));
            }
            for (int i = nq; i < state.Length; i++) maxQvel = Math.Max(maxQvel, Math.Abs(state[i]));
            if (id.StartsWith("Reacher"))
            {
                Assert.True(Math.Sqrt(state[2] * state[2] + state[3] * state[3]) < 0.2);
                Assert.Equal(0.0, state[^1]);
                Assert.Equal(0.0, state[^2]);
            }
        }
        Assert.InRange(maxQpos, 0.5 * qposNoise, qposNoise);
        if (double.IsNaN(qvelNoise)) Assert.InRange(maxQvel, 0.1, 0.6); // 0.1·N(0, 1): a max over hundreds of draws
        else Assert.InRange(maxQvel, 0.5 * qvelNoise, qvelNoise);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Reset_SameSeed_BitIdenticalEpisodes(string id)
    {
        MuJoCoRequirement.Ensure();
        (float[] obsA, double[] rewardsA) = Rollout(id, seed: 3, steps: 30);
        (float[] obsB, double[] rewardsB) = Rollout(id, seed: 3, steps: 30);
        (float[] obsC, _) = Rollout(id, seed: 4, steps: 30);
        Assert.Equal(obsA, obsB);
        Assert.Equal(rewardsA, rewardsB);
        Assert.NotEqual(obsA, obsC);
    }

    [Fact]
    public void State_Set_SeatsStateAndRunsForward()
    {
        MuJoCoRequirement.Ensure();
        using var hopper = new Hopper();
        double[] state = new double[12];
        state[1] = 2.0; // rootz has ref 1.25 at the body's rest height, so qpos[1] is the torso's world z
        state[6] = 0.5;
        hopper.State = state;
        Assert.Equal(state, hopper.State);
        Assert.Equal(2.0, hopper.Data.Xpos[3 * 1 + 2], 12);
        var obs = new float[11];
        hopper.Observe(obs);
        Assert.Equal(2f, obs[0]);
        Assert.Equal(0.5f, obs[5]);
        Assert.Throws<ArgumentException>(() => hopper.State = new double[11]);
    }

    [Fact]
    public void Step_BeforeReset_Throws()
    {
        MuJoCoRequirement.Ensure();
        using var hopper = new Hopper();
        Assert.Throws<InvalidOperationException>(() => hopper.Step(new float[3], new float[11]));
        Assert.Throws<ArgumentException>(() => hopper.Step(new float[2], new float[11]));
    }

    [Fact]
    public void VectorEnv_TwoWorkers_SameResultsAsOne()
    {
        MuJoCoRequirement.Ensure();
        float[] one = VectorRollout(workers: 1), two = VectorRollout(workers: 2);
        Assert.Equal(one, two);
    }

    internal static string ModelName(string id) => id switch
    {
        "Walker2d-v5" => "walker2d_v5",
        _ when id.StartsWith("Reacher") => "reacher",
        _ when id.StartsWith("HalfCheetah") => "half_cheetah",
        _ when id.StartsWith("Hopper") => "hopper",
        _ when id.StartsWith("Walker2d") => "walker2d",
        _ when id.StartsWith("Humanoid") => "humanoid",
        _ => "ant",
    };

    private static (float[] Observations, double[] Rewards) Rollout(string id, int seed, int steps)
    {
        using IEnv env = Gym.Make(id);
        var rng = new Rng(99);
        int n = env.ObservationSpace.FlatSize;
        var obs = new float[n * (steps + 1)];
        var rewards = new double[steps];
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(obs.AsSpan(0, n), seed);
        for (int t = 0; t < steps; t++)
        {
            env.ActionSpace.Sample(rng, action);
            rewards[t] = env.Step(action, obs.AsSpan((t + 1) * n, n)).Reward;
        }
        return (obs, rewards);
    }

    private static float[] VectorRollout(int workers)
    {
        using var vector = new VectorEnv(() => Gym.Make("Hopper-v4"), count: 4, workers);
        vector.Reset(seed: 11);
        var rng = new Rng(5);
        var trace = new List<float>();
        var actions = new float[4 * 3];
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = (float)rng.Uniform(-1, 1);
            vector.Step(actions);
            trace.AddRange(vector.Observations.ToArray());
        }
        return [.. trace];
    }
}
