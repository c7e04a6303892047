namespace Apprentice;

/// <summary>Summary statistics of returns and lengths, computed the way numpy reports them, and the standardisation of advantages.</summary>
public static class Statistics
{
    /// <summary>
    /// The mean and the population standard deviation (numpy's default, ddof = 0), in two passes over the values
    /// so that the deviation does not lose precision to cancellation.
    /// </summary>
    public static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("no values to summarise", nameof(values));
        double mean = 0, sq = 0;
        foreach (double v in values) mean += v;
        mean /= values.Length;
        foreach (double v in values) sq += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(sq / values.Length));
    }

    /// <summary>The middle value (the mean of the middle two for an even count); one outlier moves the mean, not this.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("no values to summarise", nameof(values));
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>destination = (x − mean) / (std + 1e-8) (population std): advantages as the policy steps use them.</summary>
    public static void Standardize(ReadOnlySpan<float> x, Span<float> destination)
    {
        double mean = 0, sq = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        foreach (float v in x) sq += (v - mean) * (v - mean);
        double std = Math.Sqrt(sq / x.Length);
        for (int i = 0; i < x.Length; i++) destination[i] = (float)((x[i] - mean) / (std + 1e-8));
    }
}
