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
