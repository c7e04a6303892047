using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class ParameterVectorTests
{
    [Fact]
    public void Take_MlpPlusLogStd_SlicesShareOneVector()
    {
        int[] sizes = [3, 4, 2];
        var vector = new ParameterVector(Mlp.ParameterCount(sizes) + 2);
        var (mlpOffset, mlpValues, mlpGrad) = vector.Take(Mlp.ParameterCount(sizes));
        var (logStdOffset, logStd, logStdGrad) = vector.Take(2);
        var mlp = new Mlp(sizes, mlpValues);
        mlp.Initialize(new Rng(1));
        logStd.Span.Fill(-0.5f);
        logStdGrad.Span.Fill(3f);

        Assert.Equal(0, mlpOffset);
        Assert.Equal(Mlp.ParameterCount(sizes), logStdOffset);
        Assert.Equal(-0.5f, vector.Values.Span[logStdOffset + 1]);
        Assert.Equal(mlp.Parameters.Span[5], vector.Values.Span[5]);
        Assert.Equal(3f, vector.Gradient.Span[^1]);
        Assert.Equal(mlpGrad.Length, logStdOffset);
    }

    [Fact]
    public void SetValues_GetValues_RoundTrip()
    {
        var vector = new ParameterVector(3);
        vector.SetValues([1f, 2f, 3f]);
        var copy = new float[3];
        vector.GetValues(copy);
        Assert.Equal([1f, 2f, 3f], copy);
        var other = new ParameterVector(3);
        other.CopyValuesFrom(vector);
        Assert.Equal(copy, other.Values.ToArray());
    }

    [Fact]
    public void ZeroGradient_AfterWrites_AllZero()
    {
        var vector = new ParameterVector(4);
        vector.Gradient.Span.Fill(2f);
        vector.ZeroGradient();
        var g = new float[4];
        vector.GetGradient(g);
        Assert.All(g, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Take_BeyondCount_Throws()
    {
        var vector = new ParameterVector(5);
        vector.Take(4);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => vector.Take(2));
        Assert.StartsWith("cannot take 2 of 5 parameters, 1 left; size the vector with the sum of the parts", ex.Message);
    }

    [Fact]
    public void SetValues_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ParameterVector(3).SetValues(new float[2]));
        Assert.Equal("source has length 2, expected 3", ex.Message);
    }
}
