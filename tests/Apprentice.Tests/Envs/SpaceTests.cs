using Apprentice.Envs;

namespace Apprentice.Tests.Envs;

public class SpaceTests
{
    [Fact]
    public void BoxContains_InsideOnBoundsOutsideNaNWrongLength_AnswersAsGymnasium()
    {
        var box = new Box([-1f, 0f], [1f, 2f]);
        Assert.True(box.Contains([0f, 1f]));
        Assert.True(box.Contains([-1f, 2f]));
        Assert.False(box.Contains([1.5f, 1f]));
        Assert.False(box.Contains([0f, float.NaN]));
        Assert.False(box.Contains([0f]));
    }

    [Fact]
    public void BoxClip_Rows_ClipsEachEntryToItsBoundsAsNpClip()
    {
        var box = new Box([-1f, 0f], [1f, float.PositiveInfinity]);
        float[] values = [-3f, -2f, 0.5f, 7f, 2f, float.NaN];
        var clipped = new float[6];
        box.Clip(values, clipped);
        Assert.Equal([-1f, 0f, 0.5f, 7f, 1f, float.NaN], clipped);
        box.Clip(values, values); // in place
        Assert.Equal(clipped, values);
        Assert.Throws<ArgumentException>(() => box.Clip(new float[3], new float[3]));
    }

    [Fact]
    public void BoxSample_MixedBounds_StaysInside()
    {
        var box = new Box(
            [-2f, float.NegativeInfinity, 0f, float.NegativeInfinity],
            [2f, float.PositiveInfinity, float.PositiveInfinity, 5f]);
        var rng = new Rng(1);
        var x = new float[4];
        for (int i = 0; i < 10_000; i++)
        {
            box.Sample(rng, x);
            Assert.True(box.Contains(x), string.Join(", ", x));
            Assert.True(float.IsFinite(x[1]) && float.IsFinite(x[3]));
        }
    }

    [Fact]
    public void BoxSample_SameSeed_SameValues()
    {
        var box = new Box(-1, 1, 3);
        float[] a = new float[3], b = new float[3];
        box.Sample(new Rng(5), a);
        box.Sample(new Rng(5), b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void BoxToString_UniformAndPerEntryBounds_PrintsGymnasiumRepr()
    {
        Assert.Equal("Box(-1.0, 1.0, (3,), float32)", new Box(-1, 1, 3).ToString());
        Assert.Equal("Box(-2.0, 2.0, (2, 3), float32)", new Box(-2, 2, 2, 3).ToString());
        Assert.Equal("Box([-1.2 -0.07], [0.6 0.07], (2,), float32)", new Box([-1.2f, -0.07f], [0.6f, 0.07f]).ToString());
        Assert.Equal("Box(-1e-05, 1e-05, (1,), float32)", new Box(-1e-5f, 1e-5f, 1).ToString());
    }

    [Fact]
    public void BoxFlatSizeAndShape_MultiDimensional_IsProduct()
    {
        var box = new Box(0, 1, 2, 3);
        Assert.Equal(6, box.FlatSize);
        Assert.Equal([2, 3], box.Shape);
    }

    [Fact]
    public void BoxConstructor_LowAboveHigh_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Box([1f], [0f]));
        Assert.Contains("low must not exceed high", ex.Message);
    }

    [Fact]
    public void BoxConstructor_BoundsShapeMismatch_ThrowsNamingSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Box([0f, 0f], [1f, 1f], [3]));
        Assert.Contains("expected 3", ex.Message);
    }

    [Fact]
    public void DiscreteContains_IndicesOnly_True()
    {
        var d = new Discrete(3);
        Assert.Equal(1, d.FlatSize);
        Assert.True(d.Contains([0f]));
        Assert.True(d.Contains([2f]));
        Assert.False(d.Contains([3f]));
        Assert.False(d.Contains([-1f]));
        Assert.False(d.Contains([0.5f]));
        Assert.False(d.Contains([float.NaN]));
        Assert.False(d.Contains([0f, 1f]));
    }

    [Fact]
    public void DiscreteSample_ManyDraws_CoversEveryIndexInside()
    {
        var d = new Discrete(4);
        var rng = new Rng(2);
        var seen = new bool[4];
        var x = new float[1];
        for (int i = 0; i < 1000; i++)
        {
            d.Sample(rng, x);
            Assert.True(d.Contains(x));
            seen[(int)x[0]] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void DiscreteIndexOf_NonInteger_ThrowsSayingWhatIsExpected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Discrete(2).IndexOf([1.5f]));
        Assert.Equal("action 1.5 is not in Discrete(2); expected an integer in [0, 2)", ex.Message);
    }
}
