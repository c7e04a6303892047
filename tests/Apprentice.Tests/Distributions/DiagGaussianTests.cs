using Apprentice.Distributions;

namespace Apprentice.Tests.Distributions;

public class DiagGaussianTests
{
    private static readonly DiagGaussian Gaussian = new(2);

    // Three samples in two dimensions: rows [μ1, μ2, log σ1, log σ2].
    private static readonly float[] Parameters =
    [
        0.3f, -1.2f, -0.3f, 0.2f,
        0.5f, 0.1f, 0.4f, -0.6f,
        2.0f, -0.4f, 0.0f, 0.1f,
    ];
    private static readonly float[] Actions = [0.1f, -0.9f, 1.5f, 0.4f, 1.1f, -1.0f];

    private static float[] Rows(int n, float mean0, float mean1, float logStd0, float logStd1)
    {
        var p = new float[n * 4];
        for (int i = 0; i < n; i++)
        {
            p[4 * i] = mean0;
            p[4 * i + 1] = mean1;
            p[4 * i + 2] = logStd0;
            p[4 * i + 3] = logStd1;
        }
        return p;
    }

    [Fact]
    public void LogProb_OneDimension_MatchesNormalDensity()
    {
        var logp = new float[1];
        new DiagGaussian(1).LogProb([1f, MathF.Log(2f)], [2f], logp);
        double expected = -0.5 * 0.25 - Math.Log(2.0) - 0.5 * Math.Log(2 * Math.PI);
        Assert.Equal(expected, logp[0], 1e-6);
    }

    [Fact]
    public void LogProbBackward_RandomBatch_MatchesCentralDifferences()
    {
        float[] weights = [0.7f, -1.3f, 0.4f];
        var grad = new float[Parameters.Length];
        Gaussian.LogProbBackward(Parameters, Actions, weights, grad);
        double Probe(float[] p)
        {
            var logp = new float[3];
            Gaussian.LogProb(p, Actions, logp);
            return weights[0] * logp[0] + weights[1] * logp[1] + weights[2] * logp[2];
        }
        for (int k = 0; k < Parameters.Length; k++)
            Assert.Equal(grad[k], FiniteDifference.Central(Parameters, k, Probe), 2e-3);
    }

    [Fact]
    public void EntropyBackward_RandomBatch_MatchesCentralDifferences()
    {
        float[] weights = [0.7f, -1.3f, 0.4f];
        var grad = new float[Parameters.Length];
        Gaussian.EntropyBackward(Parameters, weights, grad);
        double Probe(float[] p)
        {
            var h = new float[3];
            Gaussian.Entropy(p, h);
            return weights[0] * h[0] + weights[1] * h[1] + weights[2] * h[2];
        }
        for (int k = 0; k < Parameters.Length; k++)
            Assert.Equal(grad[k], FiniteDifference.Central(Parameters, k, Probe), 2e-3);
    }

    [Fact]
    public void Entropy_ManySamples_MatchesMonteCarlo()
    {
        const int n = 100_000;
        float[] p = Rows(n, 0f, 0f, -0.3f, 0.2f);
        var actions = new float[n * 2];
        var logp = new float[n];
        Gaussian.Sample(p, new Rng(11), actions);
        Gaussian.LogProb(p, actions, logp);
        double mc = 0;
        foreach (float l in logp) mc -= l;
        var h = new float[1];
        Gaussian.Entropy(p.AsSpan(0, 4), h);
        Assert.Equal(h[0], mc / n, 0.01);
    }

    [Fact]
    public void Kl_SameDistribution_IsZero()
    {
        var kl = new float[3];
        Gaussian.Kl(Parameters, Parameters, kl);
        Assert.All(kl, v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void Kl_TwoDistributions_MatchesMonteCarlo()
    {
        const int n = 200_000;
        float[] p = Rows(n, 0f, 0f, -0.3f, 0.2f);
        float[] q = Rows(n, 0.4f, -0.3f, 0.1f, -0.2f);
        var actions = new float[n * 2];
        Gaussian.Sample(p, new Rng(12), actions);
        var logP = new float[n];
        var logQ = new float[n];
        Gaussian.LogProb(p, actions, logP);
        Gaussian.LogProb(q, actions, logQ);
        double mc = 0;
        for (int i = 0; i < n; i++) mc += logP[i] - logQ[i];
        var kl = new float[1];
        Gaussian.Kl(p.AsSpan(0, 4), q.AsSpan(0, 4), kl);
        Assert.Equal(kl[0], mc / n, 0.01);
    }

    [Fact]
    public void FisherVectorProduct_OneSample_MatchesHessianOfKl()
    {
        // The Fisher metric is the Hessian of KL(p ‖ q) in q's parameters at q = p.
        float[] p = Parameters[..4];
        double Kl(float[] q)
        {
            var kl = new float[1];
            Gaussian.Kl(p, q, kl);
            return kl[0];
        }
        double[,] hessian = FiniteDifference.Hessian(p, Kl, 0.05f);
        float[] u = [0.5f, -1.0f, 0.25f, 2.0f];
        var fu = new float[4];
        Gaussian.FisherVectorProduct(p, u, fu);
        for (int r = 0; r < 4; r++)
        {
            double expected = 0;
            for (int c = 0; c < 4; c++) expected += hessian[r, c] * u[c];
            Assert.Equal(expected, fu[r], 0.02 * Math.Max(1.0, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Sample_ManyDraws_HasMeanAndStd()
    {
        const int n = 100_000;
        float[] p = Rows(n, 3f, 0f, -0.3f, 0.2f);
        var actions = new float[n * 2];
        Gaussian.Sample(p, new Rng(4), actions);
        double m0 = 0, v1 = 0;
        for (int i = 0; i < n; i++)
        {
            m0 += actions[2 * i];
            v1 += actions[2 * i + 1] * actions[2 * i + 1];
        }
        Assert.Equal(3.0, m0 / n, 0.01);
        Assert.Equal(Math.Exp(0.4), v1 / n, 0.02);
    }

    [Fact]
    public void Mode_Batch_IsTheMean()
    {
        var actions = new float[6];
        Gaussian.Mode(Parameters, actions);
        Assert.Equal([0.3f, -1.2f, 0.5f, 0.1f, 2.0f, -0.4f], actions);
    }

    [Fact]
    public void LogProb_ParametersNotMatchingBatch_ThrowsWithSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gaussian.LogProb(new float[10], new float[6], new float[3]));
        Assert.Contains("parameters has length 10, expected batch 3 × 4", ex.Message);
    }

    [Fact]
    public void LogProbBackward_WrongGradientLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gaussian.LogProbBackward(Parameters, Actions, new float[3], new float[5]));
        Assert.Contains("parameterGrad has length 5, expected 12", ex.Message);
    }
}
