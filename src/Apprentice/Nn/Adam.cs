namespace Apprentice.Nn;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1) with bias correction, minimising:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// Holds the moment estimates for one flat parameter vector.
/// </summary>
public sealed class Adam
{
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;

    public Adam(int size, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "size must be non-negative");
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be positive");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive");
        _m = new float[size];
        _v = new float[size];
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    public int Size => _m.Length;

    /// <summary>Steps taken so far (t in the paper).</summary>
    public int StepCount { get; private set; }

    /// <summary>One update of <paramref name="parameters"/> [Size] against <paramref name="gradient"/> [Size].</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        Guard.Length((ReadOnlySpan<float>)parameters, Size, nameof(parameters));
        Guard.Length(gradient, Size, nameof(gradient));
        StepCount++;
        // Folding both bias corrections into the step size (the paper's efficient form) would move ε; keep ε on √v̂.
        double c1 = 1.0 / (1.0 - Math.Pow(_beta1, StepCount));
        double c2 = 1.0 / (1.0 - Math.Pow(_beta2, StepCount));
        float b1 = (float)_beta1, b2 = (float)_beta2;
        float oneMinusB1 = (float)(1.0 - _beta1), oneMinusB2 = (float)(1.0 - _beta2);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = _m[i] = b1 * _m[i] + oneMinusB1 * g;
            float v = _v[i] = b2 * _v[i] + oneMinusB2 * g * g;
            parameters[i] -= (float)(_learningRate * (m * c1) / (Math.Sqrt(v * c2) + _epsilon));
        }
    }

    /// <summary>Forgets the moments and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }

    /// <summary>The first-moment estimate m [Size] (for checkpoints).</summary>
    public ReadOnlySpan<float> FirstMoment => _m;

    /// <summary>The second-moment estimate v [Size] (for checkpoints).</summary>
    public ReadOnlySpan<float> SecondMoment => _v;

    /// <summary>Restores moments and step count saved from an optimiser of the same size, so a resumed run continues exactly.</summary>
    public void Restore(int stepCount, ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment)
    {
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, "stepCount must be non-negative");
        Guard.Length(firstMoment, Size, nameof(firstMoment));
        Guard.Length(secondMoment, Size, nameof(secondMoment));
        firstMoment.CopyTo(_m);
        secondMoment.CopyTo(_v);
        StepCount = stepCount;
    }
}
