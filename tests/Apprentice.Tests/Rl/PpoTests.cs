using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class PpoTests
{
    /// <summary>A policy, a batch it sampled, and returns-to-go as advantages.</summary>
    private static (MlpPolicy Policy, TrajectoryBatch Batch, float[] Advantages) Sampled(string id, int pairs)
    {
        using var envs = new VectorEnv(id, 4);
        int obs = envs.ObservationSpace.FlatSize;
        var policy = new MlpPolicy(obs, envs.ActionSpace, [16, 16], new Rng(1));
        var batch = new TrajectoryBatch(obs, policy.ActionSize, policy.Distribution.ParameterSize);
        new Sampler(envs).Sample(policy, pairs, batch, 0, new Rng(2));
        var advantages = new float[batch.Count];
        for (int k = 0; k < batch.TrajectoryCount; k++)
            Gae.DiscountedReturns(batch.Rewards.Slice(batch.Starts[k], batch.Lengths[k]), 0, 0.99, advantages.AsSpan(batch.Starts[k], batch.Lengths[k]));
        return (policy, batch, advantages);
    }

    [Theory]
    [InlineData("CartPole-v1", 0.3)]
    [InlineData("Pendulum-v1", 0.1)]
    public void MinibatchGradient_MatchesFiniteDifferences_OnClippedAndUnclippedPairs(string id, double moved)
    {
        var (policy, batch, advantages) = Sampled(id, 200);
        var ppo = new Ppo(policy, new PpoConfig { ClipRange = 0.05, EntropyWeight = 0.05 });
        ppo.Prepare(batch.Actions.Span, batch.Distributions.Span, advantages, batch.Count);
        // Move θ away from θ_old so that ratios spread past the clip on both sides.
        Span<float> theta = policy.Parameters.Values.Span;
        float[] noise = FiniteDifference.Random(theta.Length, new Rng(4), moved);
        for (int i = 0; i < theta.Length; i++) theta[i] += noise[i];
        int[] rows = [.. Enumerable.Range(0, 60).Select(i => 3 * i)];

        ppo.MinibatchGradient(batch.Observations.Span, batch.Actions.Span, rows, out _, out double norm);
        float[] analytic = ppo.Gradient.ToArray();
        double[] numeric = FiniteDifference.Gradient(policy.Parameters.Values.Span, () =>
        {
            ppo.MinibatchGradient(batch.Observations.Span, batch.Actions.Span, rows, out double loss, out _);
            return loss;
        });

        FiniteDifference.AssertClose(analytic, numeric);
        Assert.Equal(Math.Sqrt(analytic.Sum(g => (double)g * g)), norm, 1e-4 * norm);
        var (clipped, unclipped) = ClipCounts(policy, batch, rows, 0.05);
        Assert.True(clipped >= 5 && unclipped >= 5, $"{clipped} clipped and {unclipped} unclipped pairs: both sides of the kink must be checked");
    }

    /// <summary>Pairs of <paramref name="rows"/> whose ratio lies outside [1 − ε, 1 + ε], and inside it.</summary>
    private static (int Clipped, int Unclipped) ClipCounts(MlpPolicy policy, TrajectoryBatch batch, int[] rows, double eps)
    {
        int n = batch.Count, clipped = 0;
        var logp = new float[n];
        var logpOld = new float[n];
        policy.Distribution.LogProb(policy.Forward(policy.CreateWorkspace(), batch.Observations.Span, n), batch.Actions.Span, logp);
        policy.Distribution.LogProb(batch.Distributions.Span, batch.Actions.Span, logpOld);
        foreach (int i in rows) clipped += Math.Abs(Math.Exp(logp[i] - logpOld[i]) - 1) > eps ? 1 : 0;
        return (clipped, rows.Length - clipped);
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void Step_RaisesTheClippedObjective_InEveryMinibatchOfEveryEpoch(string id)
    {
        var (policy, batch, advantages) = Sampled(id, 1000);
        var config = new PpoConfig { Epochs = 4, Minibatches = 7 };
        PolicyStepResult r = new Ppo(policy, config).Step(batch.Observations, batch.Actions, batch.Distributions, advantages, batch.Count, new Rng(3));

        Assert.True(r.Accepted);
        Assert.Equal(28, r.Updates);
        Assert.Equal(0.0, r.Surrogate0, 1e-5); // ratio 1 at θ_old, advantages standardised to mean 0
        Assert.True(r.Surrogate1 > 1e-4, $"objective after the step {r.Surrogate1}");
        Assert.InRange(r.Kl, 1e-5, 0.5);
        Assert.True(r.GradientNorm > 0);
    }

    [Fact]
    public void Step_TargetKl_StopsAtTheFirstMinibatchPastIt()
    {
        var (policy, batch, advantages) = Sampled("CartPole-v1", 1000);
        // The first minibatch is at θ_old (KL 0) and steps; the next is measured after that step, past any tiny target.
        PolicyStepResult r = new Ppo(policy, new PpoConfig { TargetKl = 1e-12 }).Step(batch.Observations, batch.Actions, batch.Distributions, advantages, batch.Count, new Rng(3));
        Assert.Equal(1, r.Updates);
        Assert.True(r.Accepted);
    }

    [Fact]
    public void Step_SameSeed_SameParameters_OtherSeed_OtherMinibatches()
    {
        float[] Run(ulong seed)
        {
            var (policy, batch, advantages) = Sampled("Pendulum-v1", 500);
            new Ppo(policy, new PpoConfig()).Step(batch.Observations, batch.Actions, batch.Distributions, advantages, batch.Count, new Rng(seed));
            return policy.Parameters.Values.ToArray();
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void Config_OutOfRange_IsRefused()
    {
        var policy = new MlpPolicy(4, new Discrete(2), [8], new Rng(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo(policy, new PpoConfig { ClipRange = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo(policy, new PpoConfig { Epochs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo(policy, new PpoConfig { Minibatches = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo(policy, new PpoConfig { TargetKl = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ppo(policy, new PpoConfig { LearningRate = -1 }));
    }
}
