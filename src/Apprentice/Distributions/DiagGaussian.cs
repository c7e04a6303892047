namespace Apprentice.Distributions;

/// <summary>
/// Diagonal Gaussian action distribution N(μ, diag σ²) with a state-independent log σ, as in the
/// authors' policies (one log σ per action dimension, shared by every state). Shapes: a batch of
/// <c>B</c> samples in <c>d</c> dimensions; <c>mean</c> and <c>actions</c> are <c>[B × d]</c> row-major,
/// <c>logStd</c> is <c>[d]</c>. Sums accumulate in double.
/// </summary>
public static class DiagGaussian
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2.0 * Math.PI);

    /// <summary>logProb[i] = log N(actions[i]; mean[i], σ²).</summary>
    public static void LogProb(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int d = CheckBatch(mean, logStd, actions, logProb.Length);
        double logNorm = d * HalfLog2Pi;
        for (int j = 0; j < d; j++) logNorm += logStd[j];
        for (int i = 0; i < logProb.Length; i++)
        {
            double sq = 0;
            for (int j = 0; j < d; j++)
            {
                double z = (actions[i * d + j] - mean[i * d + j]) * Math.Exp(-logStd[j]);
                sq += z * z;
            }
            logProb[i] = (float)(-0.5 * sq - logNorm);
        }
    }

    /// <summary>
    /// Backpropagates weights w[i] = ∂L/∂logProb[i] to the distribution's parameters:
    /// meanGrad[i,j] = w[i]·(a−μ)/σ² (overwritten), logStdGrad[j] = Σ_i w[i]·(z² − 1) (overwritten).
    /// </summary>
    public static void LogProbBackward(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> actions,
        ReadOnlySpan<float> weights, Span<float> meanGrad, Span<float> logStdGrad)
    {
        int d = CheckBatch(mean, logStd, actions, weights.Length);
        Guard.Length<float>(meanGrad, mean.Length, nameof(meanGrad));
        Guard.Length<float>(logStdGrad, d, nameof(logStdGrad));
        Span<double> sum = d <= 64 ? stackalloc double[d] : new double[d];
        sum.Clear();
        for (int j = 0; j < d; j++)
        {
            double invStd = Math.Exp(-logStd[j]);
            for (int i = 0; i < weights.Length; i++)
            {
                double z = (actions[i * d + j] - mean[i * d + j]) * invStd;
                meanGrad[i * d + j] = (float)(weights[i] * z * invStd);
                sum[j] += weights[i] * (z * z - 1.0);
            }
        }
        for (int j = 0; j < d; j++) logStdGrad[j] = (float)sum[j];
    }

    /// <summary>Differential entropy of one sample: Σ log σ + d/2·(1 + log 2π); its gradient w.r.t. each log σ is 1.</summary>
    public static double Entropy(ReadOnlySpan<float> logStd)
    {
        double h = logStd.Length * (0.5 + HalfLog2Pi);
        foreach (float s in logStd) h += s;
        return h;
    }

    /// <summary>kl[i] = KL(p_i ‖ q_i) in closed form, p = (meanP, logStdP), q = (meanQ, logStdQ).</summary>
    public static void Kl(ReadOnlySpan<float> meanP, ReadOnlySpan<float> logStdP, ReadOnlySpan<float> meanQ,
        ReadOnlySpan<float> logStdQ, Span<float> kl)
    {
        int d = CheckBatch(meanP, logStdP, meanQ, kl.Length);
        Guard.Length<float>(logStdQ, d, nameof(logStdQ));
        double constant = 0;
        for (int j = 0; j < d; j++) constant += logStdQ[j] - logStdP[j] - 0.5;
        for (int i = 0; i < kl.Length; i++)
        {
            double sum = constant;
            for (int j = 0; j < d; j++)
            {
                double varP = Math.Exp(2.0 * logStdP[j]);
                double diff = meanP[i * d + j] - meanQ[i * d + j];
                sum += (varP + diff * diff) * 0.5 * Math.Exp(-2.0 * logStdQ[j]);
            }
            kl[i] = (float)sum;
        }
    }

    /// <summary>
    /// Fisher metric M of the (μ, log σ) parameterisation applied to a tangent u: M = diag(1/σ²) on the
    /// mean and 2 on each log σ, with no cross terms. meanOut[i] = meanTangent[i]/σ² per sample (overwritten);
    /// because log σ is shared by the batch, logStdOut[j] = Σ_i 2·logStdTangent[j] = 2·B·logStdTangent[j]
    /// (overwritten), the same sum backprop would form. Callers average over the batch.
    /// </summary>
    public static void FisherVectorProduct(ReadOnlySpan<float> logStd, ReadOnlySpan<float> meanTangent,
        ReadOnlySpan<float> logStdTangent, Span<float> meanOut, Span<float> logStdOut)
    {
        int d = logStd.Length;
        Guard.Positive(d, nameof(logStd));
        Guard.Length<float>(logStdTangent, d, nameof(logStdTangent));
        Guard.Length<float>(logStdOut, d, nameof(logStdOut));
        Guard.Length<float>(meanOut, meanTangent.Length, nameof(meanOut));
        if (meanTangent.Length % d != 0)
            throw new ArgumentException($"meanTangent has length {meanTangent.Length}, not a multiple of the action size {d}");
        int batch = meanTangent.Length / d;
        for (int j = 0; j < d; j++)
        {
            float invVar = (float)Math.Exp(-2.0 * logStd[j]);
            for (int i = 0; i < batch; i++) meanOut[i * d + j] = meanTangent[i * d + j] * invVar;
            logStdOut[j] = 2f * batch * logStdTangent[j];
        }
    }

    /// <summary>actions[i] = mean[i] + σ ⊙ z, z ~ N(0, I) drawn from <paramref name="rng"/>.</summary>
    public static void Sample(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, Rng rng, Span<float> actions)
    {
        int d = logStd.Length;
        Guard.Positive(d, nameof(logStd));
        Guard.Length<float>(actions, mean.Length, nameof(actions));
        if (mean.Length % d != 0)
            throw new ArgumentException($"mean has length {mean.Length}, not a multiple of the action size {d}");
        for (int i = 0; i < mean.Length; i++)
            actions[i] = (float)(mean[i] + Math.Exp(logStd[i % d]) * rng.NextGaussian());
    }

    private static int CheckBatch(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> other, int batch)
    {
        int d = logStd.Length;
        Guard.Positive(d, nameof(logStd));
        if (mean.Length != batch * d)
            throw new ArgumentException($"mean has length {mean.Length}, expected batch {batch} × action size {d}");
        if (other.Length != mean.Length)
            throw new ArgumentException($"length mismatch: {other.Length} vs mean {mean.Length}");
        return d;
    }
}
