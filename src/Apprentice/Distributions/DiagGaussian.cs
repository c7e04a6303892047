namespace Apprentice.Distributions;

/// <summary>
/// Diagonal Gaussian N(μ, diag σ²) over d action dimensions. Each sample's parameters are
/// [μ_1 … μ_d, log σ_1 … log σ_d]; a policy with a state-independent σ (the authors') writes the same
/// log σ into every row. Sums accumulate in double.
/// </summary>
public sealed class DiagGaussian : IDistribution
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2.0 * Math.PI);
    private readonly int _d;

    public DiagGaussian(int size)
    {
        Guard.Positive(size, nameof(size));
        _d = size;
    }

    public int ParameterSize => 2 * _d;

    public int ActionSize => _d;

    public void LogProb(ReadOnlySpan<float> parameters, ReadOnlySpan<float> actions, Span<float> logProb)
    {
        int batch = Check(parameters, actions, logProb.Length);
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> row = parameters.Slice(i * 2 * _d, 2 * _d);
            double sum = -_d * HalfLog2Pi;
            for (int j = 0; j < _d; j++)
            {
                double z = (actions[i * _d + j] - row[j]) * Math.Exp(-row[_d + j]);
                sum -= 0.5 * z * z + row[_d + j];
            }
            logProb[i] = (float)sum;
        }
    }

    /// <summary>∂logp/∂μ = (a − μ)/σ², ∂logp/∂log σ = z² − 1 with z = (a − μ)/σ.</summary>
    public void LogProbBackward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, Span<float> parameterGrad)
    {
        int batch = Check(parameters, actions, weights.Length);
        Guard.Length<float>(parameterGrad, parameters.Length, nameof(parameterGrad));
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> row = parameters.Slice(i * 2 * _d, 2 * _d);
            Span<float> grad = parameterGrad.Slice(i * 2 * _d, 2 * _d);
            for (int j = 0; j < _d; j++)
            {
                double invStd = Math.Exp(-row[_d + j]);
                double z = (actions[i * _d + j] - row[j]) * invStd;
                grad[j] = (float)(weights[i] * z * invStd);
                grad[_d + j] = (float)(weights[i] * (z * z - 1.0));
            }
        }
    }

    /// <summary>H = Σ log σ + d/2·(1 + log 2π), independent of μ.</summary>
    public void Entropy(ReadOnlySpan<float> parameters, Span<float> entropy)
    {
        int batch = CheckParameters(parameters, entropy.Length);
        for (int i = 0; i < batch; i++)
        {
            double h = _d * (0.5 + HalfLog2Pi);
            for (int j = 0; j < _d; j++) h += parameters[i * 2 * _d + _d + j];
            entropy[i] = (float)h;
        }
    }

    public void EntropyBackward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> weights, Span<float> parameterGrad)
    {
        int batch = CheckParameters(parameters, weights.Length);
        Guard.Length<float>(parameterGrad, parameters.Length, nameof(parameterGrad));
        for (int i = 0; i < batch; i++)
        {
            Span<float> grad = parameterGrad.Slice(i * 2 * _d, 2 * _d);
            grad[.._d].Clear();
            grad[_d..].Fill(weights[i]);
        }
    }

    /// <summary>KL(p ‖ q) = Σ_j log σq − log σp + (σp² + (μp − μq)²) / (2σq²) − 1/2.</summary>
    public void Kl(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<float> kl)
    {
        int batch = CheckParameters(p, kl.Length);
        Guard.Length(q, p.Length, nameof(q));
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> rp = p.Slice(i * 2 * _d, 2 * _d), rq = q.Slice(i * 2 * _d, 2 * _d);
            double sum = 0;
            for (int j = 0; j < _d; j++)
            {
                double logStdP = rp[_d + j], logStdQ = rq[_d + j], diff = rp[j] - rq[j];
                sum += logStdQ - logStdP - 0.5 + (Math.Exp(2.0 * logStdP) + diff * diff) * 0.5 * Math.Exp(-2.0 * logStdQ);
            }
            kl[i] = (float)sum;
        }
    }

    /// <summary>M = diag(1/σ²) on μ and 2 on each log σ, no cross terms.</summary>
    public void FisherVectorProduct(ReadOnlySpan<float> parameters, ReadOnlySpan<float> tangent, Span<float> result)
    {
        int batch = CheckParameters(parameters, parameters.Length / (2 * _d));
        Guard.Length(tangent, parameters.Length, nameof(tangent));
        Guard.Length<float>(result, parameters.Length, nameof(result));
        for (int i = 0; i < batch; i++)
        {
            int row = i * 2 * _d;
            for (int j = 0; j < _d; j++)
            {
                result[row + j] = tangent[row + j] * (float)Math.Exp(-2.0 * parameters[row + _d + j]);
                result[row + _d + j] = 2f * tangent[row + _d + j];
            }
        }
    }

    /// <summary>a = μ + σ ⊙ z, z ~ N(0, I).</summary>
    public void Sample(ReadOnlySpan<float> parameters, Rng rng, Span<float> actions)
    {
        int batch = CheckParameters(parameters, actions.Length / _d);
        Guard.Length<float>(actions, batch * _d, nameof(actions));
        for (int i = 0; i < batch; i++)
        for (int j = 0; j < _d; j++)
        {
            int row = i * 2 * _d;
            actions[i * _d + j] = (float)(parameters[row + j] + Math.Exp(parameters[row + _d + j]) * rng.NextGaussian());
        }
    }

    public void Mode(ReadOnlySpan<float> parameters, Span<float> actions)
    {
        int batch = CheckParameters(parameters, actions.Length / _d);
        Guard.Length<float>(actions, batch * _d, nameof(actions));
        for (int i = 0; i < batch; i++) parameters.Slice(i * 2 * _d, _d).CopyTo(actions.Slice(i * _d, _d));
    }

    private int CheckParameters(ReadOnlySpan<float> parameters, int batch)
    {
        if (parameters.Length != batch * 2 * _d)
            throw new ArgumentException($"parameters has length {parameters.Length}, expected batch {batch} × {2 * _d} (μ and log σ of {_d} dimensions)");
        return batch;
    }

    private int Check(ReadOnlySpan<float> parameters, ReadOnlySpan<float> actions, int batch)
    {
        CheckParameters(parameters, batch);
        Guard.Length(actions, batch * _d, nameof(actions));
        return batch;
    }
}
