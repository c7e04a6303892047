using Apprentice.Envs;

namespace Apprentice.Imitation;

/// <summary>
/// Game-theoretic apprenticeship learning (Syed &amp; Schapire 2008), the paper's GTAL baseline, as the authors'
/// <c>simplex</c> cost: over the doubled features [φ, −φ], the adversary puts all weight on the single coordinate i
/// minimising μ_π,i − μ_E,i, the feature on which the policy trails the expert most. The first i is random.
/// </summary>
public sealed class Gtal : LinearCost
{
    public Gtal(Space actionSpace, ExpertPairs expert, RewardSign sign, Rng rng) : base(actionSpace, expert, sign, doubled: true)
    {
        Weights[rng.NextInt(Weights.Length)] = 1.0;
    }

    /// <summary>The chosen coordinate: w's one nonzero weight.</summary>
    public int Index => Strongest;

    /// <summary>Returns min_i (μ_π,i − μ_E,i).</summary>
    private protected override double ChooseWeights(double[] policyExpectation)
    {
        int best = 0;
        double min = double.MaxValue;
        for (int i = 0; i < Weights.Length; i++)
        {
            double v = policyExpectation[i] - ExpertExpectation[i];
            if (v < min)
            {
                min = v;
                best = i;
            }
        }
        Array.Clear(Weights);
        Weights[best] = 1.0;
        return min;
    }
}
