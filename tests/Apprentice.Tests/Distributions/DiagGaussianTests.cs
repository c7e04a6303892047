using Apprentice.Distributions;

namespace Apprentice.Tests.Distributions;

public class DiagGaussianTests
{
    private static readonly float[] Mean = [0.3f, -1.2f, 0.5f, 0.1f, 2.0f, -0.4f];
    private static readonly float[] LogStd = [-0.3f, 0.2f];
    private static readonly float[] Actions = [0.1f, -0.9f, 1.5f, 0.4f, 1.1f, -1.0f];

    [Fact]
    public void LogProb_OneDimension_MatchesNormalDensity()
    {
        var logp = new float[1];
        DiagGaussian.LogProb([1f], [MathF.Log(2f)], [2f], logp);
        double expected = -0.5 * 0.25 - Math.Log(2.0) - 0.5 * Math.Log(2 * Math.PI);
        Assert.Equal(expected, logp[0], 1e-6);
    }

    [Fact]
    public void LogProbBackward_RandomBatch_MatchesCentralDifferences()
    {
        float[] weights = [0.7f, -1.3f, 0.4f];
        var meanGrad = new float[Mean.Length];
        var logStdGrad = new float[LogStd.Length];
        DiagGaussian.LogProbBackward(Mean, LogStd, Actions, weights, meanGrad, logStdGrad);

        double Probe(float[] mean, float[] logStd)
        {
            var logp = new float[3];
            DiagGaussian.LogProb(mean, logStd, Actions, logp);
            double s = 0;
            for (int i = 0; i < 3; i++) s += weights[i] * logp[i];
            return s;
        }
        for (int k = 0; k < Mean.Length; k++)
            Assert.Equal(meanGrad[k], FiniteDifference.Central(Mean, k, m => Probe(m, LogStd)), 2e-3);
        for (int k = 0; k < LogStd.Length; k++)
            Assert.Equal(logStdGrad[k], FiniteDifference.Central(LogStd, k, s => Probe(Mean, s)), 2e-3);
    }

    [Fact]
    public void Entropy_ManySamples_MatchesMonteCarlo()
    {
        var rng = new Rng(11);
        const int n = 100_000;
        var mean = new float[n * 2];
        var actions = new float[n * 2];
        var logp = new float[n];
        DiagGaussian.Sample(mean, LogStd, rng, actions);
        DiagGaussian.LogProb(mean, LogStd, actions, logp);
        double mc = 0;
        foreach (float l in logp) mc -= l;
        Assert.Equal(DiagGaussian.Entropy(LogStd), mc / n, 0.01);
    }

    [Fact]
    public void Kl_SameDistribution_IsZero()
    {
        var kl = new float[3];
        DiagGaussian.Kl(Mean, LogStd, Mean, LogStd, kl);
        Assert.All(kl, v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void Kl_TwoDistributions_MatchesMonteCarlo()
    {
        var rng = new Rng(12);
        const int n = 200_000;
        float[] logStdQ = [0.1f, -0.2f];
        var meanP = new float[n * 2];
        var meanQ = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            meanQ[2 * i] = 0.4f;
            meanQ[2 * i + 1] = -0.3f;
        }
        var actions = new float[n * 2];
        DiagGaussian.Sample(meanP, LogStd, rng, actions);
        var logP = new float[n];
        var logQ = new float[n];
        DiagGaussian.LogProb(meanP, LogStd, actions, logP);
        DiagGaussian.LogProb(meanQ, logStdQ, actions, logQ);
        double mc = 0;
        for (int i = 0; i < n; i++) mc += logP[i] - logQ[i];
        var kl = new float[1];
        DiagGaussian.Kl(meanP.AsSpan(0, 2), LogStd, meanQ.AsSpan(0, 2), logStdQ, kl);
        Assert.Equal(kl[0], mc / n, 0.01);
    }

    [Fact]
    public void FisherVectorProduct_OneSample_MatchesHessianOfKl()
    {
        // The Fisher metric is the Hessian of KL(p ‖ q) in q's parameters at q = p.
        float[] theta = [0.3f, -1.2f, -0.3f, 0.2f]; // (μ1, μ2, log σ1, log σ2) of one sample
        double Kl(float[] q)
        {
            var kl = new float[1];
            DiagGaussian.Kl(theta.AsSpan(0, 2), theta.AsSpan(2, 2), q.AsSpan(0, 2), q.AsSpan(2, 2), kl);
            return kl[0];
        }
        double[,] hessian = FiniteDifference.Hessian(theta, Kl, 0.05f);

        float[] u = [0.5f, -1.0f, 0.25f, 2.0f];
        var meanOut = new float[2];
        var logStdOut = new float[2];
        DiagGaussian.FisherVectorProduct(theta.AsSpan(2, 2), u.AsSpan(0, 2), u.AsSpan(2, 2), meanOut, logStdOut);
        float[] fu = [meanOut[0], meanOut[1], logStdOut[0], logStdOut[1]];
        for (int r = 0; r < 4; r++)
        {
            double expected = 0;
            for (int c = 0; c < 4; c++) expected += hessian[r, c] * u[c];
            Assert.Equal(expected, fu[r], 0.02 * Math.Max(1.0, Math.Abs(expected)));
        }
    }

    [Fact]
    public void FisherVectorProduct_Batch_SumsLogStdOverSamples()
    {
        var meanOut = new float[6];
        var logStdOut = new float[2];
        DiagGaussian.FisherVectorProduct(LogStd, Mean, [1f, -0.5f], meanOut, logStdOut);
        Assert.Equal(6f, logStdOut[0], 1e-6f);
        Assert.Equal(-3f, logStdOut[1], 1e-6f);
        Assert.Equal(Mean[3] * MathF.Exp(-2f * LogStd[1]), meanOut[3], 1e-5f);
    }

    [Fact]
    public void Sample_ManyDraws_HasMeanAndStd()
    {
        const int n = 100_000;
        var mean = new float[n * 2];
        for (int i = 0; i < n; i++) mean[2 * i] = 3f;
        var actions = new float[n * 2];
        DiagGaussian.Sample(mean, LogStd, new Rng(4), actions);
        double m0 = 0, v1 = 0;
        for (int i = 0; i < n; i++)
        {
            m0 += actions[2 * i];
            v1 += actions[2 * i + 1] * actions[2 * i + 1];
        }
        Assert.Equal(3.0, m0 / n, 0.01);
        Assert.Equal(Math.Exp(2 * LogStd[1]), v1 / n, 0.02);
    }

    [Fact]
    public void LogProb_MeanNotMultipleOfBatch_ThrowsWithSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => DiagGaussian.LogProb(new float[5], LogStd, new float[5], new float[3]));
        Assert.Contains("mean has length 5, expected batch 3 × action size 2", ex.Message);
    }

    [Fact]
    public void LogProbBackward_WrongGradientLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            DiagGaussian.LogProbBackward(Mean, LogStd, Actions, new float[3], new float[5], new float[2]));
        Assert.Contains("meanGrad has length 5, expected 6", ex.Message);
    }
}
