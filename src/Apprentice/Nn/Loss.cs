namespace Apprentice.Nn;

/// <summary>Scalar losses: each returns the loss (summed in double) and writes ∂loss/∂input into the destination.</summary>
public static class Loss
{
    /// <summary>L = (1/n) Σᵢ (pᵢ − tᵢ)² over all n elements; gradient 2(pᵢ − tᵢ)/n.</summary>
    /// <param name="prediction">Any shape, flattened, n elements.</param>
    public static double MeanSquaredError(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        Guard.SameLength(prediction, target, gradient);
        if (prediction.IsEmpty) throw new ArgumentException("prediction is empty; the mean needs at least one element");
        double sum = 0;
        double scale = 2.0 / prediction.Length;
        for (int i = 0; i < prediction.Length; i++)
        {
            double d = (double)prediction[i] - target[i];
            sum += d * d;
            gradient[i] = (float)(scale * d);
        }
        return sum / prediction.Length;
    }

    /// <summary>
    /// Weighted mean binary cross-entropy on logits x with labels y ∈ [0, 1]:
    /// L = Σᵢ wᵢ ℓᵢ / Σᵢ wᵢ, ℓᵢ = −y log σ(x) − (1−y) log(1−σ(x)), evaluated as max(x, 0) − x·y + log(1 + e^−|x|)
    /// so large |x| neither overflows nor loses the tail. Gradient wᵢ(σ(xᵢ) − yᵢ)/Σw.
    /// </summary>
    /// <param name="weights">Non-negative, same length, positive sum (all ones for a plain mean).</param>
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, Span<float> gradient)
    {
        Guard.SameLength(logits, labels, weights);
        Guard.Length((ReadOnlySpan<float>)gradient, logits.Length, nameof(gradient));
        double weightSum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0)) throw new ArgumentException($"weights[{i}] = {weights[i]}; weights must be non-negative");
            weightSum += weights[i];
        }
        if (!(weightSum > 0)) throw new ArgumentException("weights sum to zero; give at least one sample positive weight");
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double x = logits[i], y = labels[i];
            double e = Math.Exp(-Math.Abs(x));
            sum += weights[i] * (Math.Max(x, 0) - x * y + Math.Log(1 + e));
            double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
            gradient[i] = (float)(weights[i] * (sigmoid - y) / weightSum);
        }
        return sum / weightSum;
    }
}
