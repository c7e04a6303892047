using Apprentice.Rl;

namespace Apprentice.Tests.Rl;

public class GaeTests
{
    [Fact]
    public void Advantages_ThreeStepTerminatedEpisode_MatchesHandComputation()
    {
        // γ = 0.9, λ = 0.5; r = (1, 2, 3), V = (0.5, 1, 1.5), terminated so V(s_3) = 0.
        // δ = (1 + 0.9·1 − 0.5, 2 + 0.9·1.5 − 1, 3 + 0 − 1.5) = (1.4, 2.35, 1.5)
        // A_2 = 1.5; A_1 = 2.35 + 0.45·1.5 = 3.025; A_0 = 1.4 + 0.45·3.025 = 2.76125
        var adv = new float[3];
        Gae.Advantages([1f, 2f, 3f], [0.5f, 1f, 1.5f], 0.0, 0.9, 0.5, adv);
        Assert.Equal(2.76125f, adv[0], 1e-6f);
        Assert.Equal(3.025f, adv[1], 1e-6f);
        Assert.Equal(1.5f, adv[2], 1e-6f);
    }

    [Fact]
    public void Advantages_TruncatedEpisode_BootstrapsFromTailValue()
    {
        var adv = new float[1];
        Gae.Advantages([1f], [0.5f], 2.0, 0.9, 0.5, adv);
        Assert.Equal(1f + 0.9f * 2f - 0.5f, adv[0], 1e-6f);
    }

    [Fact]
    public void Advantages_LambdaOne_EqualsReturnsMinusValues()
    {
        float[] rewards = [0.3f, -1f, 2f, 0.5f];
        float[] values = [0.1f, 0.2f, -0.3f, 0.4f];
        var adv = new float[4];
        var ret = new float[4];
        Gae.Advantages(rewards, values, 0.7, 0.95, 1.0, adv);
        Gae.DiscountedReturns(rewards, 0.7, 0.95, ret);
        for (int t = 0; t < 4; t++) Assert.Equal(ret[t] - values[t], adv[t], 1e-5f);
    }

    [Fact]
    public void DiscountedReturns_ThreeSteps_MatchesHandComputation()
    {
        var ret = new float[3];
        Gae.DiscountedReturns([1f, 2f, 3f], 10.0, 0.5, ret);
        Assert.Equal(3f + 5f, ret[2], 1e-6f);
        Assert.Equal(2f + 4f, ret[1], 1e-6f);
        Assert.Equal(1f + 3f, ret[0], 1e-6f);
    }

    [Fact]
    public void Advantages_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gae.Advantages([1f, 2f], [1f], 0, 0.9, 0.9, new float[2]));
        Assert.Contains("length mismatch", ex.Message);
    }

    [Fact]
    public void Advantages_GammaAboveOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gae.Advantages([1f], [1f], 0, 1.5, 0.9, new float[1]));
        Assert.Contains("gamma must be in [0, 1]", ex.Message);
    }
}
