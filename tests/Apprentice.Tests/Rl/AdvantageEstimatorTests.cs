using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class AdvantageEstimatorTests
{
    /// <summary>Two trajectories of observation size 2: one terminated after 3 steps, one cut by the limit after 2.</summary>
    private static TrajectoryBatch Batch()
    {
        var batch = new TrajectoryBatch(2, 1, 2);
        batch.Append(3, [0.1f, 0.2f, 0.3f, -0.4f, 0.5f, 0.6f], [0f, 1f, 0f], new float[6], [1f, 0.5f, 2f], true, [0.7f, 0.8f], 3.5);
        batch.Append(2, [-0.9f, 1f, 1.1f, 0.2f], [1f, 1f], new float[4], [0.3f, -1f], false, [1.3f, -1.4f], -0.7);
        return batch;
    }

    private static ValueFunction Value()
    {
        var value = new ValueFunction(2, [8], 0.1, new Rng(2));
        var rng = new Rng(7);
        Span<float> theta = value.Parameters.Values.Span;
        for (int i = 0; i < theta.Length; i++) theta[i] = (float)(0.5 * rng.NextGaussian());
        return value;
    }

    [Fact]
    public void AdvantagesAndReturns_MatchGaeWithTheCutTrajectoryBootstrapped()
    {
        TrajectoryBatch batch = Batch();
        ValueFunction value = Value();
        var estimator = new AdvantageEstimator(0.9, 0.8);
        estimator.Predict(batch, value);
        var advantages = new float[5];
        var returns = new float[5];
        estimator.Advantages(batch, batch.Rewards, advantages);
        estimator.Returns(batch, batch.Rewards, returns);

        var values = new float[5];
        value.Predict(batch.Observations.Span, batch.Times, values);
        var tail = new float[1];
        value.Predict([1.3f, -1.4f], [2f], tail);
        var expectedAdv = new float[5];
        var expectedRet = new float[5];
        Gae.Advantages(batch.Rewards[..3], values.AsSpan(0, 3), 0, 0.9, 0.8, expectedAdv.AsSpan(0, 3));
        Gae.Advantages(batch.Rewards[3..], values.AsSpan(3), tail[0], 0.9, 0.8, expectedAdv.AsSpan(3));
        Gae.DiscountedReturns(batch.Rewards[..3], 0, 0.9, expectedRet.AsSpan(0, 3));
        Gae.DiscountedReturns(batch.Rewards[3..], tail[0], 0.9, expectedRet.AsSpan(3));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expectedAdv[i], advantages[i], 1e-6f);
            Assert.Equal(expectedRet[i], returns[i], 1e-6f);
        }
        Assert.NotEqual(0f, tail[0]);
    }

    [Fact]
    public void AdvantagesAndReturns_WithoutTimeLimitBootstrap_EndTheCutTrajectoryAtZero()
    {
        TrajectoryBatch batch = Batch();
        ValueFunction value = Value();
        var estimator = new AdvantageEstimator(0.9, 0.8, bootstrapTimeLimit: false);
        var advantages = new float[5];
        var returns = new float[5];
        estimator.Compute(batch, batch.Rewards, value, advantages, returns);

        var values = new float[5];
        value.Predict(batch.Observations.Span, batch.Times, values);
        var expectedAdv = new float[5];
        var expectedRet = new float[5];
        Gae.Advantages(batch.Rewards[..3], values.AsSpan(0, 3), 0, 0.9, 0.8, expectedAdv.AsSpan(0, 3));
        Gae.Advantages(batch.Rewards[3..], values.AsSpan(3), 0, 0.9, 0.8, expectedAdv.AsSpan(3));
        Gae.DiscountedReturns(batch.Rewards[..3], 0, 0.9, expectedRet.AsSpan(0, 3));
        Gae.DiscountedReturns(batch.Rewards[3..], 0, 0.9, expectedRet.AsSpan(3));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expectedAdv[i], advantages[i], 1e-6f);
            Assert.Equal(expectedRet[i], returns[i], 1e-6f);
        }
        Assert.Equal(-1f, returns[4]); // the cut trajectory's last return is its last reward alone
    }

    [Fact]
    public void Returns_OtherRewardsAfterOnePredict_NeedNoFurtherValues()
    {
        TrajectoryBatch batch = Batch();
        ValueFunction value = Value();
        var estimator = new AdvantageEstimator(0.9, 0.8);
        estimator.Predict(batch, value);
        float[] other = [0f, 0f, 0f, 0f, 0f];
        var returns = new float[5];
        value.Parameters.Values.Span.Clear(); // a later change of V must not leak in: the bootstrap is the predicted one
        estimator.Returns(batch, other, returns);
        var reference = new float[5];
        new AdvantageEstimator(0.9, 0.8).Compute(batch, other, Value(), default, reference);
        Assert.Equal(reference, returns);
    }

    [Fact]
    public void Advantages_WithoutPredict_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AdvantageEstimator(0.9, 0.8).Advantages(Batch(), new float[5], new float[5]));
        Assert.Contains("Predict", ex.Message);
    }
}
