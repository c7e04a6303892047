using Apprentice.Envs;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class TrpoTests
{
    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    public void Step_SampledBatch_ImprovesSurrogateWithinKlBound(string id)
    {
        using var envs = new VectorEnv(id, 4);
        int obs = envs.ObservationSpace.FlatSize;
        var policy = new MlpPolicy(obs, envs.ActionSpace, [16, 16], new Rng(1));
        var batch = new TrajectoryBatch(obs, policy.ActionSize, policy.Distribution.ParameterSize);
        new Sampler(envs).Sample(policy, 1000, batch, 0, new Rng(2));
        var advantages = new float[batch.Count];
        for (int k = 0; k < batch.TrajectoryCount; k++)
            Gae.DiscountedReturns(batch.Rewards.Slice(batch.Starts[k], batch.Lengths[k]), 0, 0.99, advantages.AsSpan(batch.Starts[k], batch.Lengths[k]));

        var config = new TrpoConfig { FisherSubsample = 1.0 };
        PolicyStepResult r = new Trpo(policy, config).Step(batch.Observations, batch.Actions, batch.Distributions, advantages, batch.Count, new Rng(3));

        Assert.True(r.Accepted);
        Assert.True(r.Surrogate1 > r.Surrogate0);
        Assert.InRange(r.Kl, 1e-4, 2 * config.MaxKl);
        Assert.Equal(0.0, r.Surrogate0, 1e-5); // ratio 1 at θ_old, advantages standardised to mean 0
    }

    [Fact]
    public void Step_ZeroAdvantages_LeavesPolicyUnchanged()
    {
        using var envs = new VectorEnv("CartPole-v1", 2);
        var policy = new MlpPolicy(4, envs.ActionSpace, [8], new Rng(1));
        var batch = new TrajectoryBatch(4, 1, 2);
        new Sampler(envs).Sample(policy, 100, batch, 0, new Rng(2));
        float[] before = policy.Parameters.Values.ToArray();
        PolicyStepResult r = new Trpo(policy, new TrpoConfig()).Step(batch.Observations, batch.Actions, batch.Distributions, new float[batch.Count], batch.Count, new Rng(3));
        Assert.False(r.Accepted);
        Assert.Equal(before, policy.Parameters.Values.ToArray());
    }
}
