using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class LossTests
{
    [Fact]
    public void MeanSquaredError_HandValues_LossAndGradient()
    {
        float[] p = [1, 2, 3, 4], t = [1, 0, 4, 2];
        var g = new float[4];
        Assert.Equal((0 + 4 + 1 + 4) / 4.0, Loss.MeanSquaredError(p, t, g), 12);
        Assert.Equal([0f, 1f, -0.5f, 1f], g);
    }

    [Fact]
    public void MeanSquaredError_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Rng(1);
        float[] p = FiniteDifference.Random(13, rng), t = FiniteDifference.Random(13, rng);
        var g = new float[13];
        double[] expected = FiniteDifference.Gradient(p, () => Loss.MeanSquaredError(p, t, new float[13]));
        Loss.MeanSquaredError(p, t, g);
        FiniteDifference.AssertClose(g, expected);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_HandValues_WeightedMean()
    {
        float[] x = [0f, 2f], y = [1f, 0f], w = [1f, 3f];
        var g = new float[2];
        double expected = (Math.Log(2) + 3 * Math.Log(1 + Math.Exp(2))) / 4;
        Assert.Equal(expected, Loss.BinaryCrossEntropyWithLogits(x, y, w, g), 6);
        Assert.Equal((0.5 - 1) / 4, g[0], 6);
        Assert.Equal(3 * (1 / (1 + Math.Exp(-2))) / 4, g[1], 6);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_ExtremeLogits_FiniteAndExact()
    {
        float[] x = [100f, -100f, 100f, -100f], y = [1f, 0f, 0f, 1f], w = [1f, 1f, 1f, 1f];
        var g = new float[4];
        double loss = Loss.BinaryCrossEntropyWithLogits(x, y, w, g);
        Assert.Equal(200.0 / 4, loss, 9);
        Assert.Equal(0f, g[0], 1e-30f);
        Assert.Equal(0f, g[1], 1e-30f);
        Assert.Equal(0.25f, g[2]);
        Assert.Equal(-0.25f, g[3]);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Rng(2);
        float[] x = FiniteDifference.Random(17, rng, 4), w = new float[17], y = new float[17];
        for (int i = 0; i < 17; i++)
        {
            y[i] = (float)rng.NextDouble();
            w[i] = (float)rng.Uniform(0.1, 2);
        }
        var g = new float[17];
        double[] expected = FiniteDifference.Gradient(x, () => Loss.BinaryCrossEntropyWithLogits(x, y, w, new float[17]));
        Loss.BinaryCrossEntropyWithLogits(x, y, w, g);
        FiniteDifference.AssertClose(g, expected);
    }

    [Fact]
    public void MeanSquaredError_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError(new float[3], new float[2], new float[3]));
        Assert.Equal("length mismatch: 3, 2, 3", ex.Message);
    }

    [Fact]
    public void MeanSquaredError_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError([], [], []));
        Assert.Equal("prediction is empty; the mean needs at least one element", ex.Message);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_WrongGradientLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Loss.BinaryCrossEntropyWithLogits(new float[2], new float[2], [1f, 1f], new float[3]));
        Assert.Equal("gradient has length 3, expected 2", ex.Message);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_NegativeWeight_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Loss.BinaryCrossEntropyWithLogits(new float[2], new float[2], [1f, -1f], new float[2]));
        Assert.Equal("weights[1] = -1; weights must be non-negative", ex.Message);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_ZeroWeights_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Loss.BinaryCrossEntropyWithLogits(new float[2], new float[2], [0f, 0f], new float[2]));
        Assert.Equal("weights sum to zero; give at least one sample positive weight", ex.Message);
    }
}
