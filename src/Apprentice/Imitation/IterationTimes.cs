namespace Apprentice.Imitation;

/// <summary>
/// Where one imitation iteration spent its wall time, in seconds: sampling (env and policy inference), rewards
/// from the cost, advantages (value predictions and GAE), the TRPO step (wall time of the block in which the cost's
/// update runs beside it), the cost's update (its own duration), the value fit.
/// </summary>
public readonly record struct IterationTimes(double Sample, double Reward, double Advantages, double Trpo, double CostUpdate, double ValueFit);
