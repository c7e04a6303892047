using Apprentice.Envs;
using Apprentice.Envs.ClassicControl;

namespace Apprentice.Tests.Envs;

public class ClassicControlTests
{
    public static TheoryData<string> Ids() =>
        ["CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Reset_ManySeeds_StateWithinGymnasiumResetBounds(string id)
    {
        using IEnv env = Gym.Make(id);
        var obs = new float[env.ObservationSpace.FlatSize];
        var raw = (IStatefulEnv)env.Unwrapped;
        for (int seed = 0; seed < 500; seed++)
        {
            env.Reset(obs, seed);
            Assert.True(env.ObservationSpace.Contains(obs), $"{id} seed {seed}: {string.Join(", ", obs)}");
            double[] s = raw.State;
            switch (raw)
            {
                case CartPole:
                    Assert.All(s, v => Assert.InRange(v, -0.05, 0.05));
                    break;
                case Acrobot:
                    Assert.All(s, v => Assert.InRange(v, -0.1, 0.1));
                    Assert.All(s, v => Assert.Equal((double)(float)v, v)); // Gymnasium casts to float32
                    break;
                case MountainCar or MountainCarContinuous:
                    Assert.InRange(s[0], -0.6, -0.4);
                    Assert.Equal(0.0, s[1]);
                    break;
                case Pendulum:
                    Assert.InRange(s[0], -Math.PI, Math.PI);
                    Assert.InRange(s[1], -1.0, 1.0);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Reset_SameSeed_SameEpisode(string id)
    {
        float[] a = Rollout(id, 7), b = Rollout(id, 7), c = Rollout(id, 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Reset_WithoutSeed_ContinuesTheStream(string id)
    {
        using IEnv env = Gym.Make(id);
        var first = new float[env.ObservationSpace.FlatSize];
        var second = new float[first.Length];
        env.Reset(first, seed: 3);
        env.Reset(second);
        Assert.NotEqual(first, second);

        using IEnv again = Gym.Make(id);
        var replay = new float[first.Length];
        again.Reset(replay, seed: 3);
        again.Reset(replay);
        Assert.Equal(second, replay);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Step_WrongObservationLength_ThrowsNamingSizes(string id)
    {
        using IEnv env = Gym.Make(id);
        int n = env.ObservationSpace.FlatSize;
        var obs = new float[n];
        env.Reset(obs, 0);
        var ex = Assert.Throws<ArgumentException>(() => env.Step(new float[1], new float[n + 1]));
        Assert.Equal($"observation has length {n + 1}, expected {n}", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => env.Reset(new float[n - 1]));
        Assert.Equal($"observation has length {n - 1}, expected {n}", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Step_WrongActionLength_ThrowsNamingSizes(string id)
    {
        using IEnv env = Gym.Make(id);
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        var ex = Assert.Throws<ArgumentException>(() => env.Step(new float[2], obs));
        Assert.Equal("action has length 2, expected 1", ex.Message);
    }

    [Theory]
    [InlineData("CartPole-v1", 2f)]
    [InlineData("CartPole-v1", -1f)]
    [InlineData("Acrobot-v1", 0.5f)]
    [InlineData("MountainCar-v0", float.NaN)]
    public void Step_InvalidDiscreteAction_Throws(string id, float action)
    {
        using IEnv env = Gym.Make(id);
        var obs = new float[env.ObservationSpace.FlatSize];
        env.Reset(obs, 0);
        var ex = Assert.Throws<ArgumentException>(() => env.Step([action], obs));
        Assert.Contains("expected an integer in [0, ", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Step_ThroughTimeLimit_AllocatesNothing(string id)
    {
        using IEnv env = Gym.Make(id);
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(obs, 0);
        for (int t = 0; t < 2000; t++) StepOrReset(env, action, obs); // warm up past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 2000; t++) StepOrReset(env, action, obs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Step_BeforeReset_ThrowsSayingToReset()
    {
        using var env = new CartPole();
        var ex = Assert.Throws<InvalidOperationException>(() => env.Step([0f], new float[4]));
        Assert.Equal("CartPole: call Reset before Step", ex.Message);
    }

    [Fact]
    public void ResetOptions_LowHigh_BoundTheInitialState()
    {
        using var env = new CartPole();
        var obs = new float[4];
        for (int seed = 0; seed < 100; seed++)
        {
            env.Reset(obs, seed, new ResetOptions(Low: 0.2, High: 0.3));
            Assert.All(env.State, v => Assert.InRange(v, 0.2, 0.3));
        }
    }

    [Fact]
    public void ResetOptions_ThroughTimeLimit_ReachTheRawEnv()
    {
        using IEnv env = Gym.Make("MountainCar-v0");
        var obs = new float[2];
        env.Reset(obs, 1, new ResetOptions(Low: -1.0, High: -0.9));
        Assert.InRange(obs[0], -1.0f, -0.9f);
    }

    [Fact]
    public void ResetOptions_PendulumXInitYInit_BoundAngleAndVelocity()
    {
        using var env = new Pendulum();
        var obs = new float[3];
        for (int seed = 0; seed < 100; seed++)
        {
            env.Reset(obs, seed, new ResetOptions(XInit: 0.1, YInit: 0.01));
            Assert.InRange(env.State[0], -0.1, 0.1);
            Assert.InRange(env.State[1], -0.01, 0.01);
        }
    }

    [Fact]
    public void ResetOptions_LowAboveHigh_Throws()
    {
        using var env = new Acrobot();
        var ex = Assert.Throws<ArgumentException>(() => env.Reset(new float[6], 0, new ResetOptions(Low: 1, High: 0)));
        Assert.Equal("reset bound Low (1) must not exceed High (0)", ex.Message);
    }

    [Fact]
    public void ResetOptions_WrongKindForTask_Throws()
    {
        using var pendulum = new Pendulum();
        Assert.Throws<ArgumentException>(() => pendulum.Reset(new float[3], 0, new ResetOptions(Low: 0)));
        using var cartPole = new CartPole();
        Assert.Throws<ArgumentException>(() => cartPole.Reset(new float[4], 0, new ResetOptions(XInit: 1)));
    }

    [Fact]
    public void CartPoleStep_AfterTermination_PaysZero()
    {
        using var env = new CartPole();
        var obs = new float[4];
        env.Reset(obs, 0);
        env.State = [0, 0, 0.2094, 2.0];
        StepResult first = env.Step([1f], obs);
        StepResult second = env.Step([1f], obs);
        Assert.Equal(new StepResult(1.0, true, false), first);
        Assert.Equal(new StepResult(0.0, true, false), second);
        env.Reset(obs);
        Assert.Equal(1.0, env.Step([1f], obs).Reward);
    }

    [Fact]
    public void MountainCarContinuousStep_ReachingGoal_PaysHundredMinusActionCost()
    {
        using var env = new MountainCarContinuous();
        var obs = new float[2];
        env.Reset(obs, 0);
        env.State = [0.449, 0.05];
        StepResult r = env.Step([2f], obs); // clipped to 1 for the force, not for the cost
        Assert.True(r.Terminated);
        Assert.Equal(100.0 - 4.0 * 0.1, r.Reward, 12);
    }

    [Fact]
    public void PendulumStep_ActionBeyondBounds_ClippedToMaxTorque()
    {
        using var a = new Pendulum();
        using var b = new Pendulum();
        var obsA = new float[3];
        var obsB = new float[3];
        a.Reset(obsA, 0);
        b.Reset(obsB, 0);
        StepResult ra = a.Step([7f], obsA);
        StepResult rb = b.Step([2f], obsB);
        Assert.Equal(obsB, obsA);
        Assert.Equal(rb, ra);
    }

    [Fact]
    public void State_WrongLength_ThrowsNamingSizes()
    {
        using var env = new Acrobot();
        var ex = Assert.Throws<ArgumentException>(() => env.State = [0, 0]);
        Assert.Equal("Acrobot state has 4 entries; got 2", ex.Message);
    }

    [Fact]
    public void Spaces_ClassicTasks_MatchGymnasium()
    {
        Assert.Equal("Box([-4.8 -inf -0.41887903 -inf], [4.8 inf 0.41887903 inf], (4,), float32)", new CartPole().ObservationSpace.ToString());
        Assert.Equal("Discrete(3)", new Acrobot().ActionSpace.ToString());
        Assert.Equal("Box(-2.0, 2.0, (1,), float32)", new Pendulum().ActionSpace.ToString());
        Assert.Equal("Box(-1.0, 1.0, (1,), float32)", new MountainCarContinuous().ActionSpace.ToString());
        Assert.Equal("Box([-1.2 -0.07], [0.6 0.07], (2,), float32)", new MountainCar().ObservationSpace.ToString());
    }

    private static void StepOrReset(IEnv env, float[] action, float[] obs)
    {
        StepResult r = env.Step(action, obs);
        if (r.Terminated || r.Truncated) env.Reset(obs);
    }

    private static float[] Rollout(string id, int seed)
    {
        using IEnv env = Gym.Make(id);
        var obs = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        var actionRng = new Rng(99);
        var trace = new List<float>();
        env.Reset(obs, seed);
        trace.AddRange(obs);
        for (int t = 0; t < 20; t++)
        {
            env.ActionSpace.Sample(actionRng, action);
            StepResult r = env.Step(action, obs);
            trace.AddRange(obs);
            if (r.Terminated || r.Truncated) env.Reset(obs);
        }
        return trace.ToArray();
    }
}
