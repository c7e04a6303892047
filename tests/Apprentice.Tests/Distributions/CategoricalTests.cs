using Apprentice.Distributions;

namespace Apprentice.Tests.Distributions;

public class CategoricalTests
{
    private static readonly Categorical Three = new(3);

    private static readonly float[] Logits = [0.5f, -1.0f, 2.0f, 0.0f, 0.3f, -0.7f];
    private static readonly float[] Actions = [2f, 0f];

    [Fact]
    public void LogProb_UniformLogits_IsMinusLogK()
    {
        var logp = new float[1];
        Three.LogProb([4f, 4f, 4f], [1f], logp);
        Assert.Equal(-Math.Log(3.0), logp[0], 1e-6);
    }

    [Fact]
    public void LogProb_LargeLogits_StaysFinite()
    {
        var logp = new float[1];
        new Categorical(2).LogProb([1000f, 0f], [1f], logp);
        Assert.Equal(-1000f, logp[0], 1e-3f);
    }

    [Fact]
    public void LogProbBackward_RandomBatch_MatchesCentralDifferences()
    {
        float[] weights = [0.6f, -1.4f];
        var grad = new float[Logits.Length];
        Three.LogProbBackward(Logits, Actions, weights, grad);
        double Probe(float[] z)
        {
            var logp = new float[2];
            Three.LogProb(z, Actions, logp);
            return weights[0] * logp[0] + weights[1] * logp[1];
        }
        for (int k = 0; k < Logits.Length; k++)
            Assert.Equal(grad[k], FiniteDifference.Central(Logits, k, Probe), 2e-3);
    }

    [Fact]
    public void EntropyBackward_RandomBatch_MatchesCentralDifferences()
    {
        float[] weights = [1.5f, -0.5f];
        var grad = new float[Logits.Length];
        Three.EntropyBackward(Logits, weights, grad);
        double Probe(float[] z)
        {
            var h = new float[2];
            Three.Entropy(z, h);
            return weights[0] * h[0] + weights[1] * h[1];
        }
        for (int k = 0; k < Logits.Length; k++)
            Assert.Equal(grad[k], FiniteDifference.Central(Logits, k, Probe), 2e-3);
    }

    [Fact]
    public void Entropy_UniformLogits_IsLogK()
    {
        var h = new float[1];
        new Categorical(4).Entropy([0f, 0f, 0f, 0f], h);
        Assert.Equal(Math.Log(4.0), h[0], 1e-6);
    }

    [Fact]
    public void Kl_SameDistribution_IsZero()
    {
        var kl = new float[2];
        Three.Kl(Logits, Logits, kl);
        Assert.All(kl, v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void Kl_TwoCoins_MatchesClosedForm()
    {
        var kl = new float[1];
        new Categorical(2).Kl([0f, 0f], [MathF.Log(3f), 0f], kl); // p = (1/2, 1/2), q = (3/4, 1/4)
        double expected = 0.5 * Math.Log(0.5 / 0.75) + 0.5 * Math.Log(0.5 / 0.25);
        Assert.Equal(expected, kl[0], 1e-6);
    }

    [Fact]
    public void FisherVectorProduct_OneSample_MatchesHessianOfKl()
    {
        float[] p = [0.5f, -1.0f, 2.0f];
        double Kl(float[] q)
        {
            var kl = new float[1];
            Three.Kl(p, q, kl);
            return kl[0];
        }
        double[,] hessian = FiniteDifference.Hessian(p, Kl, 0.05f);
        float[] u = [1.0f, -2.0f, 0.5f];
        var fu = new float[3];
        Three.FisherVectorProduct(p, u, fu);
        for (int r = 0; r < 3; r++)
        {
            double expected = 0;
            for (int c = 0; c < 3; c++) expected += hessian[r, c] * u[c];
            Assert.Equal(expected, fu[r], 0.01);
        }
    }

    [Fact]
    public void FisherVectorProduct_ShiftDirection_IsZero()
    {
        var fu = new float[Logits.Length];
        Three.FisherVectorProduct(Logits, [1f, 1f, 1f, 1f, 1f, 1f], fu);
        Assert.All(fu, v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void Sample_ManyDraws_MatchesProbabilities()
    {
        const int n = 60_000;
        var logits = new float[n * 3];
        for (int i = 0; i < n; i++)
        {
            logits[3 * i] = MathF.Log(0.2f);
            logits[3 * i + 1] = MathF.Log(0.5f);
            logits[3 * i + 2] = MathF.Log(0.3f);
        }
        var actions = new float[n];
        Three.Sample(logits, new Rng(9), actions);
        var counts = new int[3];
        foreach (float a in actions) counts[(int)a]++;
        Assert.Equal(0.2, counts[0] / (double)n, 0.01);
        Assert.Equal(0.5, counts[1] / (double)n, 0.01);
        Assert.Equal(0.3, counts[2] / (double)n, 0.01);
    }

    [Fact]
    public void Mode_Batch_PicksArgmax()
    {
        var actions = new float[2];
        Three.Mode(Logits, actions);
        Assert.Equal([2f, 1f], actions);
    }

    [Fact]
    public void LogProb_ActionOutOfRange_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => Three.LogProb(Logits, [3f, 0f], new float[2]));
        Assert.Equal("action 3 is not an integer in [0, 3)", ex.Message);
    }

    [Fact]
    public void LogProb_LogitsNotMultipleOfBatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Three.LogProb(new float[5], [0f, 0f], new float[2]));
        Assert.Contains("logits has length 5, expected batch 2 × 3 actions", ex.Message);
    }
}
