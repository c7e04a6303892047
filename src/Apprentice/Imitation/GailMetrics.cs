using System.Globalization;

namespace Apprentice.Imitation;

/// <summary>One GAIL iteration; the columns of <c>metrics.csv</c>.</summary>
public sealed record GailMetrics(
    int Iteration,
    long EnvSteps,
    int Pairs,
    int Trajectories,
    double TrueReturn,
    double TrueReturnStd,
    double ImitationReturn,
    double MeanLength,
    double DiscriminatorLoss,
    double ExpertAccuracy,
    double PolicyAccuracy,
    double Kl,
    double Entropy,
    double ValueLoss,
    double Seconds,
    IterationTimes Times)
{
    public static readonly string CsvHeader =
        "iteration,env_steps,pairs,trajectories,true_return,true_return_std,imitation_return,mean_length,discriminator_loss,expert_accuracy,policy_accuracy,kl,entropy,value_loss,seconds," + IterationTimes.CsvHeader;

    public string ToCsv() => string.Join(',', new object[]
    {
        Iteration, EnvSteps, Pairs, Trajectories, TrueReturn, TrueReturnStd, ImitationReturn, MeanLength, DiscriminatorLoss,
        ExpertAccuracy, PolicyAccuracy, Kl, Entropy, ValueLoss, Seconds,
    }.Concat(Times.CsvValues()).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}
