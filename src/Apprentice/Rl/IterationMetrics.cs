namespace Apprentice.Rl;

/// <summary>What one training iteration did; the columns of <c>metrics.csv</c>.</summary>
public sealed record IterationMetrics(
    int Iteration,
    long EnvSteps,
    int Pairs,
    int Trajectories,
    double MeanReturn,
    double StdReturn,
    double MinReturn,
    double MaxReturn,
    double MeanLength,
    double Kl,
    double Entropy,
    double SurrogateGain,
    double ValueLoss,
    double Seconds)
{
    public static readonly string CsvHeader =
        "iteration,env_steps,pairs,trajectories,mean_return,std_return,min_return,max_return,mean_length,kl,entropy,surrogate_gain,value_loss,seconds";

    public string ToCsv() => string.Join(',', new object[]
    {
        Iteration, EnvSteps, Pairs, Trajectories, MeanReturn, StdReturn, MinReturn, MaxReturn, MeanLength, Kl, Entropy,
        SurrogateGain, ValueLoss, Seconds,
    }.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
}
