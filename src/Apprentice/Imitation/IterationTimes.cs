namespace Apprentice.Imitation;

/// <summary>
/// Where one imitation iteration spent its wall time, in seconds: sampling (of which the env steps and the
/// policy's inference), rewards from the cost and advantages (the value predictions run beside the rewards, then
/// GAE), the TRPO step (of which
/// the surrogate's gradient, the conjugate-gradient solve and the line search), the cost's update, the value fit.
/// The cost's update and then the value fit run on a second thread beside TRPO and the sampling of the next
/// iteration's batch (so an iteration's sampling time was mostly spent in the previous one), and the phases add up
/// to more than the iteration.
/// </summary>
public readonly record struct IterationTimes(
    double Sample, double SampleEnv, double SamplePolicy,
    double RewardAndAdvantages,
    double Trpo, double TrpoGradient, double TrpoCg, double TrpoLineSearch,
    double CostUpdate, double ValueFit)
{
    public const string CsvHeader = "t_sample,t_sample_env,t_sample_policy,t_reward_advantages,t_trpo,t_trpo_gradient,t_trpo_cg,t_trpo_linesearch,t_cost,t_value";

    public IEnumerable<object> CsvValues() =>
        [Sample, SampleEnv, SamplePolicy, RewardAndAdvantages, Trpo, TrpoGradient, TrpoCg, TrpoLineSearch, CostUpdate, ValueFit];
}
