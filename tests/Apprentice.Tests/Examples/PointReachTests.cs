using Apprentice.Envs;
using Apprentice.Policies;
using PointReach;

namespace Apprentice.Tests.Examples;

/// <summary>The custom-task example keeps working: its env keeps the IEnv contract and its pipeline runs end to end.</summary>
public sealed class PointReachTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("apprentice-example-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[] Rollout(int seed, int steps)
    {
        using var env = new PointReachEnv();
        var obs = new float[6];
        var trace = new List<float>();
        env.Reset(obs, seed);
        trace.AddRange(obs);
        for (int t = 0; t < steps; t++)
        {
            StepResult step = env.Step([MathF.Sin(t), MathF.Cos(0.7f * t)], obs);
            trace.AddRange(obs);
            trace.Add((float)step.Reward);
        }
        return [.. trace];
    }

    [Fact]
    public void Env_SameSeed_SameEpisode_OtherSeed_Another()
    {
        Assert.Equal(Rollout(3, 30), Rollout(3, 30));
        Assert.NotEqual(Rollout(3, 30), Rollout(4, 30));
    }

    [Fact]
    public void Env_NoForce_StaysPut_RewardIsMinusTheDistance()
    {
        using var env = new PointReachEnv();
        var obs = new float[6];
        env.Reset(obs, 7);
        float[] before = [.. obs];
        StepResult step = env.Step([0f, 0f], obs);
        Assert.Equal(before, obs);
        Assert.Equal(-Math.Sqrt(before[4] * (double)before[4] + before[5] * (double)before[5]), step.Reward, 6);
        Assert.False(step.Terminated || step.Truncated);
    }

    [Fact]
    public void Env_ForceBeyondTheBox_IsClipped()
    {
        using var a = new PointReachEnv();
        using var b = new PointReachEnv();
        float[] obsA = new float[6], obsB = new float[6];
        a.Reset(obsA, 1);
        b.Reset(obsB, 1);
        StepResult stepA = a.Step([5f, -9f], obsA), stepB = b.Step([1f, -1f], obsB);
        Assert.Equal(obsB, obsA);
        Assert.Equal(stepB.Reward, stepA.Reward);
    }

    [Fact]
    public void Env_PushedIntoAWall_StopsAtIt()
    {
        using var env = new PointReachEnv();
        var obs = new float[6];
        env.Reset(obs, 2);
        for (int t = 0; t < 60; t++) env.Step([1f, 1f], obs);
        Assert.Equal([1f, 1f, 0f, 0f], obs[..4]);
    }

    [Fact]
    public void Env_StepBeforeReset_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new PointReachEnv().Step([0f, 0f], new float[6]));

    [Fact]
    public void Registered_MakeGivesA100StepTimeLimit()
    {
        PointReachEnv.Register();
        PointReachEnv.Register(); // idempotent
        using IEnv env = Gym.Make(PointReachEnv.Id);
        var obs = new float[6];
        env.Reset(obs, 0);
        int steps = 1;
        while (!env.Step([0.1f, 0f], obs).Truncated) steps++;
        Assert.Equal(PointReachEnv.MaxEpisodeSteps, steps);
    }

    [Fact]
    public void Pipeline_QuickBudget_RunsEveryStageAndWritesItsFiles()
    {
        var log = new StringWriter();
        Outcome outcome = Pipeline.Run(Budget.Quick, _dir, log);

        foreach (string file in new[] { "expert.safetensors", "demos.npz", "gail.safetensors", "gail.onnx", "bc.safetensors", "gail-from-bc.safetensors" })
            Assert.True(File.Exists(Path.Combine(_dir, file)), file);
        Assert.Contains("expert  iter", log.ToString());
        Assert.Equal(PointReachEnv.Id, PolicyFile.Load(Path.Combine(_dir, "gail.safetensors")).EnvId);
        // Even 20,000 TRPO steps beat random clearly, and cloning 2 of its demonstrations recovers much of it.
        Assert.True(outcome.Expert > outcome.Random + 30, $"expert {outcome.Expert:F2}, random {outcome.Random:F2}");
        Assert.True(outcome.Score(outcome.Cloning) > 0.5, $"behaviour cloning scores {outcome.Score(outcome.Cloning):F2}");
        Assert.True(double.IsFinite(outcome.Gail));
        Assert.Contains("bc+gail iter", log.ToString());
        // Three iterations within TRPO's trust region keep GAIL started from the cloned policy near it, far above random.
        Assert.True(outcome.Score(outcome.GailFromCloning) > 0.5, $"GAIL from cloning scores {outcome.Score(outcome.GailFromCloning):F2}");
    }
}
