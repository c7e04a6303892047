namespace Apprentice.Distributions;

/// <summary>
/// Categorical (softmax) distribution over K actions, parameterised per sample by K unnormalised logits:
/// <c>logits</c> is [B × K]; an action is one float holding its index, so <c>actions</c> is [B].
/// Normalisation uses the max-shifted log-sum-exp; sums accumulate in double.
/// </summary>
public sealed class Categorical : IDistribution
{
    private readonly int _k;

    public Categorical(int count)
    {
        Guard.Positive(count, nameof(count));
        _k = count;
    }

    public int ParameterSize => _k;

    public int ActionSize => 1;

    /// <summary>logProb[i] = log softmax(logits[i])[actions[i]].</summary>
    public void LogProb(ReadOnlySpan<float> logits, ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int k = CheckBatch(logits, actions.Length);
        Guard.Length<float>(logProb, actions.Length, nameof(logProb));
        for (int i = 0; i < actions.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            logProb[i] = (float)(row[Index(actions[i], k)] - LogSumExp(row));
        }
    }

    /// <summary>logitsGrad[i] = w[i]·(onehot(actions[i]) − p_i), overwritten: ∂(Σ w·logProb)/∂logits.</summary>
    public void LogProbBackward(ReadOnlySpan<float> logits, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights,
        Span<float> logitsGrad)
    {
        int k = CheckBatch(logits, actions.Length);
        Guard.Length<float>(weights, actions.Length, nameof(weights));
        Guard.Length<float>(logitsGrad, logits.Length, nameof(logitsGrad));
        for (int i = 0; i < actions.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            Span<float> grad = logitsGrad.Slice(i * k, k);
            double lse = LogSumExp(row);
            for (int j = 0; j < k; j++) grad[j] = (float)(-weights[i] * Math.Exp(row[j] - lse));
            grad[Index(actions[i], k)] += weights[i];
        }
    }

    /// <summary>entropy[i] = −Σ_j p_ij log p_ij.</summary>
    public void Entropy(ReadOnlySpan<float> logits, Span<float> entropy)
    {
        int k = CheckBatch(logits, entropy.Length);
        for (int i = 0; i < entropy.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            double lse = LogSumExp(row), h = 0;
            for (int j = 0; j < k; j++)
            {
                double logP = row[j] - lse;
                h -= Math.Exp(logP) * logP;
            }
            entropy[i] = (float)h;
        }
    }

    /// <summary>logitsGrad[i,j] = w[i]·∂H_i/∂z_ij = −w[i]·p_ij·(log p_ij + H_i), overwritten.</summary>
    public void EntropyBackward(ReadOnlySpan<float> logits, ReadOnlySpan<float> weights, Span<float> logitsGrad)
    {
        int k = CheckBatch(logits, weights.Length);
        Guard.Length<float>(logitsGrad, logits.Length, nameof(logitsGrad));
        for (int i = 0; i < weights.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            double lse = LogSumExp(row), h = 0;
            for (int j = 0; j < k; j++)
            {
                double logP = row[j] - lse;
                h -= Math.Exp(logP) * logP;
            }
            for (int j = 0; j < k; j++)
            {
                double logP = row[j] - lse;
                logitsGrad[i * k + j] = (float)(-weights[i] * Math.Exp(logP) * (logP + h));
            }
        }
    }

    /// <summary>kl[i] = KL(p_i ‖ q_i) = Σ_j p_ij (log p_ij − log q_ij).</summary>
    public void Kl(ReadOnlySpan<float> logitsP, ReadOnlySpan<float> logitsQ, Span<float> kl)
    {
        int k = CheckBatch(logitsP, kl.Length);
        Guard.Length<float>(logitsQ, logitsP.Length, nameof(logitsQ));
        for (int i = 0; i < kl.Length; i++)
        {
            ReadOnlySpan<float> p = logitsP.Slice(i * k, k), q = logitsQ.Slice(i * k, k);
            double lseP = LogSumExp(p), lseQ = LogSumExp(q), sum = 0;
            for (int j = 0; j < k; j++)
            {
                double logP = p[j] - lseP;
                sum += Math.Exp(logP) * (logP - (q[j] - lseQ));
            }
            kl[i] = (float)Math.Max(sum, 0.0);
        }
    }

    /// <summary>
    /// Fisher metric of the logits applied to a tangent, per sample: output[i] = (diag(p_i) − p_i p_iᵀ)·tangent[i]
    /// (overwritten). The softmax is shift-invariant, so M has the all-ones direction in its null space.
    /// </summary>
    public void FisherVectorProduct(ReadOnlySpan<float> logits, ReadOnlySpan<float> tangent, Span<float> output)
    {
        int k = CheckBatch(logits, logits.Length / _k);
        Guard.Length<float>(tangent, logits.Length, nameof(tangent));
        Guard.Length<float>(output, logits.Length, nameof(output));
        for (int i = 0; i < logits.Length / k; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k), u = tangent.Slice(i * k, k);
            double lse = LogSumExp(row), pu = 0;
            for (int j = 0; j < k; j++) pu += Math.Exp(row[j] - lse) * u[j];
            for (int j = 0; j < k; j++) output[i * k + j] = (float)(Math.Exp(row[j] - lse) * (u[j] - pu));
        }
    }

    /// <summary>actions[i] ~ softmax(logits[i]), by inverting the CDF with one uniform draw per sample.</summary>
    public void Sample(ReadOnlySpan<float> logits, Rng rng, Span<float> actions)
    {
        int k = CheckBatch(logits, actions.Length);
        for (int i = 0; i < actions.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            double lse = LogSumExp(row);
            double u = rng.NextDouble(), cdf = 0;
            int choice = k - 1; // rounding can leave the CDF just under 1: the last action takes the rest
            for (int j = 0; j < k - 1; j++)
            {
                cdf += Math.Exp(row[j] - lse);
                if (u < cdf)
                {
                    choice = j;
                    break;
                }
            }
            actions[i] = choice;
        }
    }

    /// <summary>actions[i] = argmax_j logits[i, j] (the first on ties, like numpy).</summary>
    public void Mode(ReadOnlySpan<float> logits, Span<float> actions)
    {
        int k = CheckBatch(logits, actions.Length);
        for (int i = 0; i < actions.Length; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * k, k);
            int best = 0;
            for (int j = 1; j < k; j++)
                if (row[j] > row[best]) best = j;
            actions[i] = best;
        }
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int j = 1; j < row.Length; j++) max = Math.Max(max, row[j]);
        double sum = 0;
        foreach (float z in row) sum += Math.Exp(z - max);
        return max + Math.Log(sum);
    }

    private static int Index(float action, int k)
    {
        int index = (int)action;
        if (index != action || index < 0 || index >= k)
            throw new ArgumentException($"action {action} is not an integer in [0, {k})");
        return index;
    }

    private int CheckBatch(ReadOnlySpan<float> logits, int batch)
    {
        if (logits.Length != batch * _k)
            throw new ArgumentException($"logits has length {logits.Length}, expected batch {batch} × {_k} actions");
        return _k;
    }
}
