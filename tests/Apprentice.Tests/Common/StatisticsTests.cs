namespace Apprentice.Tests.Common;

public class StatisticsTests
{
    [Fact]
    public void MeanStd_IsThePopulationDeviation()
    {
        // numpy: np.mean([2, 4, 4, 4, 5, 5, 7, 9]) = 5, np.std(...) = 2 (ddof = 0).
        var (mean, std) = Statistics.MeanStd([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, mean, 12);
        Assert.Equal(2, std, 12);
    }

    [Fact]
    public void MeanStd_KeepsPrecisionFarFromZero()
    {
        // A one-pass E[x²] − E[x]² loses every digit here; two passes keep them.
        var (mean, std) = Statistics.MeanStd([1e9 + 1, 1e9 + 2, 1e9 + 3]);
        Assert.Equal(1e9 + 2, mean, 6);
        Assert.Equal(Math.Sqrt(2.0 / 3), std, 6);
    }

    [Fact]
    public void MeanStd_OfOneValue_HasNoSpread()
    {
        Assert.Equal((-3.5, 0.0), Statistics.MeanStd([-3.5]));
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 5000, 5100, -900 }, 5000)]
    public void Median_IsTheMiddleValue(double[] values, double expected)
    {
        Assert.Equal(expected, Statistics.Median(values));
    }

    [Fact]
    public void EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Statistics.MeanStd([]));
        Assert.Throws<ArgumentException>(() => Statistics.Median([]));
    }
}
