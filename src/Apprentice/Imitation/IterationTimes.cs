namespace Apprentice.Imitation;

/// <summary>
/// Where one imitation iteration spent its wall time, in seconds: sampling (env and policy inference), rewards
/// from the cost, advantages (value predictions and GAE), the TRPO step, the cost's update, the value fit.
/// </summary>
public readonly record struct IterationTimes(double Sample, double Reward, double Advantages, double Trpo, double CostUpdate, double ValueFit);
