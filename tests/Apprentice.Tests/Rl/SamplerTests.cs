using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class SamplerTests
{
    private static (TrajectoryBatch Batch, long Steps) SampleCartPole(int workers, int seed, int minPairs = 300, int? limit = null)
    {
        using var envs = new VectorEnv("CartPole-v1", 4, workers, limit);
        var policy = new MlpPolicy(4, envs.ActionSpace, [8], new Rng(1));
        var batch = new TrajectoryBatch(4, 1, 2);
        var sampler = new Sampler(envs);
        sampler.Sample(policy, minPairs, batch, seed, new Rng(2));
        return (batch, sampler.EnvSteps);
    }

    /// <summary>
    /// MountainCarContinuous clamps its force to [−1, 1] and charges 0.1·a² on the action as given. Stepping with clipped
    /// actions keeps the trajectories and the recorded raw samples, and charges each step only for the clipped action.
    /// </summary>
    [Fact]
    public void Sample_ClippingActions_ChangesOnlyTheRewardsThatChargeTheActionAsGiven()
    {
        (TrajectoryBatch Batch, int Outside) Run(bool clip)
        {
            using var envs = new VectorEnv("MountainCarContinuous-v0", 2, 1, 60);
            var policy = new MlpPolicy(2, envs.ActionSpace, [8], new Rng(1)); // σ = 1: about a third of the samples fall outside
            var batch = new TrajectoryBatch(2, 1, 2);
            new Sampler(envs, clip).Sample(policy, 200, batch, 5, new Rng(2));
            return (batch, batch.Actions.ToArray().Count(a => Math.Abs(a) > 1));
        }
        var (raw, outside) = Run(clip: false);
        var (clipped, _) = Run(clip: true);
        Assert.InRange(outside, 20, raw.Count);
        Assert.Equal(raw.Observations.ToArray(), clipped.Observations.ToArray());
        Assert.Equal(raw.Actions.ToArray(), clipped.Actions.ToArray());
        float[] actions = raw.Actions.ToArray();
        for (int t = 0; t < raw.Count; t++)
        {
            float a = actions[t], c = Math.Clamp(a, -1f, 1f);
            Assert.Equal(raw.Rewards[t] + 0.1 * ((double)a * a - (double)c * c), clipped.Rewards[t], 4);
        }
    }

    [Fact]
    public void Sample_RandomPolicy_CollectsWholeTrajectoriesAtLeastRequested()
    {
        var (batch, steps) = SampleCartPole(1, 0);
        Assert.InRange(batch.Count, 300, 300 + 500);
        Assert.True(steps >= batch.Count);
        int total = 0;
        for (int k = 0; k < batch.TrajectoryCount; k++)
        {
            Assert.Equal(total, batch.Starts[k]);
            total += batch.Lengths[k];
            Assert.True(batch.Terminated[k]); // a random CartPole policy falls long before 500 steps
            Assert.Equal(batch.Lengths[k], batch.Returns[k]); // +1 per step
            Assert.Equal(0f, batch.Times[batch.Starts[k]]);
            Assert.Equal(batch.Lengths[k] - 1, batch.Times[batch.Starts[k] + batch.Lengths[k] - 1]);
        }
        Assert.Equal(batch.Count, total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Sample_SeveralCopies_KeepsEveryStepTakenAndStopsStartingAtTheQuota(int copies)
    {
        using var envs = new VectorEnv("CartPole-v1", copies);
        var policy = new MlpPolicy(4, envs.ActionSpace, [8], new Rng(1));
        var batch = new TrajectoryBatch(4, 1, 2);
        var sampler = new Sampler(envs);
        for (int call = 0; call < 3; call++)
        {
            long before = sampler.EnvSteps;
            sampler.Sample(policy, 1000, batch, call, new Rng((ulong)call));
            Assert.Equal(batch.Count, sampler.EnvSteps - before); // no running episode is dropped
            Assert.True(batch.Count >= 1000);
            // Once one copy stops, every episode that ends stops its copy: the last N trajectories are the copies'
            // last, and all earlier ones ended (so were followed by a new episode) with fewer than 1000 steps taken.
            int earlier = batch.Starts[batch.TrajectoryCount - copies];
            Assert.True(earlier < 1000, $"{earlier} pairs before the copies' last episodes");
        }
    }

    [Fact]
    public void Sample_OneCopy_IsSequentialSamplingOfWholeEpisodes()
    {
        using var envs = new VectorEnv("CartPole-v1", 1);
        var policy = new MlpPolicy(4, envs.ActionSpace, [8], new Rng(1));
        var batch = new TrajectoryBatch(4, 1, 2);
        new Sampler(envs).Sample(policy, 500, batch, 3, new Rng(4));
        int beforeLast = batch.Count - batch.Lengths[batch.TrajectoryCount - 1];
        Assert.True(beforeLast < 500 && batch.Count >= 500, $"{beforeLast} then {batch.Count} pairs");

        // The same episodes, stepped by hand: one env, one action draw per step, a new episode while under 500 pairs.
        using IEnv env = Gym.Make("CartPole-v1");
        var obs = new float[4];
        var action = new float[1];
        var rng = new Rng(4);
        PolicyWorkspace ws = policy.CreateWorkspace(1);
        env.Reset(obs, 3);
        var expected = new List<float>();
        int taken = 0;
        while (true)
        {
            expected.AddRange(obs);
            policy.Act(ws, obs, 1, rng, action);
            taken++;
            StepResult r = env.Step(action, obs);
            if (!r.Terminated && !r.Truncated) continue;
            if (taken >= 500) break;
            env.Reset(obs);
        }
        Assert.Equal(expected.ToArray(), batch.Observations.ToArray());
    }

    [Fact]
    public void Sample_TimeLimitCuts_MarksTruncatedNotTerminated()
    {
        var (batch, _) = SampleCartPole(1, 0, minPairs: 40, limit: 5);
        Assert.All(Enumerable.Range(0, batch.TrajectoryCount), k =>
        {
            Assert.Equal(5, batch.Lengths[k]);
            Assert.False(batch.Terminated[k]);
        });
    }

    [Fact]
    public void Sample_SameSeedAnyWorkerCount_SameBatch()
    {
        var (a, _) = SampleCartPole(1, 7);
        var (b, _) = SampleCartPole(2, 7);
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
        Assert.Equal(a.Actions.ToArray(), b.Actions.ToArray());
        Assert.Equal(a.Lengths.ToArray(), b.Lengths.ToArray());
        var (c, _) = SampleCartPole(1, 8);
        Assert.NotEqual(a.Observations.ToArray(), c.Observations.ToArray());
    }

    [Fact]
    public void Sample_RecordedDistributions_AreThePolicysOnTheRecordedObservations()
    {
        using var envs = new VectorEnv("Pendulum-v1", 3);
        var policy = new MlpPolicy(3, envs.ActionSpace, [8], new Rng(1));
        policy.Network.Initialize(new Rng(5), outputScale: 1f);
        var batch = new TrajectoryBatch(3, 1, 2);
        new Sampler(envs).Sample(policy, 250, batch, 0, new Rng(2));
        PolicyWorkspace ws = policy.CreateWorkspace();
        ReadOnlySpan<float> again = policy.Forward(ws, batch.Observations.Span, batch.Count);
        Assert.Equal(batch.Distributions.ToArray(), again.ToArray());
        Assert.All(Enumerable.Range(0, batch.TrajectoryCount), k => Assert.False(batch.Terminated[k])); // Pendulum only truncates
    }
}
