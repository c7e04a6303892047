namespace Apprentice.Imitation;

/// <summary>One discriminator update: its loss before the step and its accuracy on each class afterwards.</summary>
public readonly record struct DiscriminatorStats(double Loss, double ExpertAccuracy, double PolicyAccuracy);
