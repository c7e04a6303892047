namespace Apprentice.Imitation;

/// <summary>Which cost the imitation loop learns: the paper's GAIL, or one of its two linear-cost baselines.</summary>
public enum CostModel
{
    /// <summary>GAIL: a neural discriminator (<see cref="Imitation.Discriminator"/>).</summary>
    Discriminator,

    /// <summary>Feature expectation matching (<see cref="Imitation.Fem"/>).</summary>
    Fem,

    /// <summary>Game-theoretic apprenticeship learning (<see cref="Imitation.Gtal"/>).</summary>
    Gtal,
}
