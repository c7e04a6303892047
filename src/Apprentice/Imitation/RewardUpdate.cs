namespace Apprentice.Imitation;

/// <summary>
/// One update of a learned reward: its loss (the discriminator's logistic loss; for the linear costs, the distance
/// between expert and policy feature expectations) and, for a classifier, its accuracy on each class afterwards
/// (NaN where there is no classifier).
/// </summary>
public readonly record struct RewardUpdate(double Loss, double ExpertAccuracy, double PolicyAccuracy);
