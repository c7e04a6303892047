using Apprentice.Envs;

namespace Apprentice.Imitation;

/// <summary>
/// Feature expectation matching (Abbeel &amp; Ng 2004), the paper's FEM baseline, as the authors' <c>l2ball</c> cost:
/// after each batch, w = (μ_E − μ_π) / ‖μ_E − μ_π‖, the unit direction in which the policy's feature expectation
/// falls furthest short of the expert's. The first w is a random unit vector.
/// </summary>
public sealed class Fem : LinearCost
{
    public Fem(Space actionSpace, ExpertPairs expert, RewardSign sign, Rng rng) : base(actionSpace, expert, sign, doubled: false)
    {
        double norm = 0;
        for (int j = 0; j < Weights.Length; j++)
        {
            Weights[j] = rng.NextGaussian();
            norm += Weights[j] * Weights[j];
        }
        norm = Math.Sqrt(norm) + 1e-8;
        for (int j = 0; j < Weights.Length; j++) Weights[j] /= norm;
    }

    /// <summary>Returns ‖μ_E − μ_π‖.</summary>
    private protected override double ChooseWeights(double[] policyExpectation)
    {
        double norm = 0;
        for (int j = 0; j < Weights.Length; j++)
        {
            Weights[j] = ExpertExpectation[j] - policyExpectation[j];
            norm += Weights[j] * Weights[j];
        }
        norm = Math.Sqrt(norm);
        for (int j = 0; j < Weights.Length; j++) Weights[j] /= norm + 1e-8;
        return norm;
    }
}
