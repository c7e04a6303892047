using Apprentice.Policies;

namespace Apprentice.Tests.Policies;

public class RunningStandardizerTests
{
    [Fact]
    public void Standardize_BeforeAnyUpdate_IsIdentity()
    {
        var s = new RunningStandardizer(2);
        var y = new float[2];
        s.Standardize([3f, -4f], y);
        Assert.Equal([3f, -4f], y);
    }

    [Fact]
    public void Update_WithRepeats_EqualsTheRowsRepeated()
    {
        var counted = new RunningStandardizer(2);
        counted.Update([0.5f, 1f, 3f, -2f]); // earlier statistics, so the merge weights matter
        var repeated = new RunningStandardizer(2);
        repeated.Update([0.5f, 1f, 3f, -2f]);
        counted.Update([1f, 10f, 2f, 20f, 3f, 30f], [3, 0, 2]);
        repeated.Update([1f, 10f, 1f, 10f, 1f, 10f, 3f, 30f, 3f, 30f]);
        Assert.Equal(repeated.Count, counted.Count);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(repeated.Mean[j], counted.Mean[j], 1e-12);
            Assert.Equal(repeated.MeanSquare[j], counted.MeanSquare[j], 1e-12);
        }
    }

    [Fact]
    public void Update_TwoBatches_EqualsOneBatchOfAllRows()
    {
        float[] all = [1f, 10f, 2f, 20f, 3f, 30f, 4f, 40f, 5f, 50f];
        var once = new RunningStandardizer(2);
        once.Update(all);
        var twice = new RunningStandardizer(2);
        twice.Update(all.AsSpan(0, 4));
        twice.Update(all.AsSpan(4));
        Assert.Equal(5.0, twice.Count);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(once.Mean[j], twice.Mean[j], 1e-12);
            Assert.Equal(once.MeanSquare[j], twice.MeanSquare[j], 1e-12);
        }
        var y = new float[2];
        twice.Standardize([3f, 30f], y);
        Assert.Equal([0f, 0f], y);
        twice.Standardize([5f, 50f], y);
        Assert.Equal(2.0 / Math.Sqrt(2.0), y[0], 1e-5); // mean 3, population std √2
        Assert.Equal(20.0 / Math.Sqrt(200.0), y[1], 1e-5);
    }

    [Fact]
    public void Unstandardize_AfterStandardize_RoundTrips()
    {
        var s = new RunningStandardizer(3);
        s.Update([1f, -2f, 0.5f, 3f, 4f, 0.7f]);
        float[] x = [0.3f, 8f, -1f];
        var y = new float[3];
        var back = new float[3];
        s.Standardize(x, y);
        s.Unstandardize(y, back);
        for (int j = 0; j < 3; j++) Assert.Equal(x[j], back[j], 1e-4f);
    }

    [Fact]
    public void Standardize_ConstantFeature_StaysFinite()
    {
        var s = new RunningStandardizer(1);
        s.Update([2f, 2f, 2f]);
        var y = new float[1];
        s.Standardize([2f], y);
        Assert.Equal(0f, y[0]);
    }

    [Fact]
    public void Update_RaggedBatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RunningStandardizer(2).Update([1f, 2f, 3f]));
        Assert.Contains("not a multiple of the feature size 2", ex.Message);
    }
}
