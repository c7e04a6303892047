namespace Apprentice.Tests.Common;

public class RngTests
{
    [Fact]
    public void NextUInt64_SameSeed_SameStream()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Split_DifferentNames_IndependentOfParentState()
    {
        var root = new Rng(7);
        ulong first = root.Split("env").NextUInt64();
        root.NextUInt64();
        Assert.Equal(first, root.Split("env").NextUInt64());
        Assert.NotEqual(first, root.Split("policy").NextUInt64());
        Assert.NotEqual(root.Split("env", 0).NextUInt64(), root.Split("env", 1).NextUInt64());
    }

    [Fact]
    public void NextDouble_ManyDraws_UniformMoments()
    {
        var rng = new Rng(1);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - 1e-17);
            sum += u;
            sumSq += u * u;
        }
        double mean = sum / n;
        Assert.Equal(0.5, mean, 0.005);
        Assert.Equal(1.0 / 12.0, sumSq / n - mean * mean, 0.002);
    }

    [Fact]
    public void NextGaussian_ManyDraws_StandardMoments()
    {
        var rng = new Rng(3);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double z = rng.NextGaussian();
            sum += z;
            sumSq += z * z;
        }
        Assert.Equal(0.0, sum / n, 0.01);
        Assert.Equal(1.0, sumSq / n, 0.01);
    }

    [Fact]
    public void NextInt_SmallRange_CoversEveryValueEvenly()
    {
        var rng = new Rng(5);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        foreach (int c in counts) Assert.InRange(c, 9_500, 10_500);
    }

    [Fact]
    public void NextInt_NonPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rng(0).NextInt(0));
    }

    [Fact]
    public void State_RestoredIntoAnotherGenerator_ContinuesTheSameStream_SpareGaussianIncluded()
    {
        var rng = new Rng(11);
        rng.NextGaussian(); // holds its second draw back
        RngState state = rng.State;
        Assert.NotNull(state.SpareGaussian);
        Assert.Equal(state, RngState.Parse(state.ToString()));
        var other = new Rng(99);
        other.Restore(RngState.Parse(state.ToString())!.Value);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()), Enumerable.Range(0, 5).Select(_ => other.NextGaussian()));
        Assert.Equal(rng.NextUInt64(), other.NextUInt64());
        Assert.Equal(99UL, other.Seed); // its named streams are its own seed's still
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 2 3")]
    [InlineData("0 0 0 0")]
    [InlineData("1 2 3 g")]
    [InlineData("1 2 3 4 NaN")]
    [InlineData("1 2 3 4 0.5 6")]
    public void Parse_NotAState_IsNull(string text) => Assert.Null(RngState.Parse(text));
}
