using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class ActivationsTests
{
    [Fact]
    public void Tanh_KnownValues_MatchesMath()
    {
        float[] x = [-20f, -1f, -1e-5f, 0f, 0.5f, 3f, 20f];
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        for (int i = 0; i < x.Length; i++) Assert.Equal(Math.Tanh(x[i]), y[i], 1e-6);
    }

    [Fact]
    public void Tanh_ManyValues_RelativeErrorBelowFewUlps()
    {
        var x = FiniteDifference.Random(10_007, new Rng(3), 6.0);
        x[0] = 1e-7f;
        x[1] = -3e-4f;
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Tanh(x[i]);
            Assert.True(Math.Abs(y[i] - exact) <= 4e-7 * Math.Abs(exact) + 1e-30, $"tanh({x[i]:G9}) = {y[i]:G9}, exact {exact:G9}");
        }
    }

    [Fact]
    public void Relu_MixedSigns_ClampsNegatives()
    {
        float[] x = [-2f, -0f, 0f, 1.5f, -1e-30f, 7f, -3f, 4f, 2f];
        var y = new float[x.Length];
        Activations.Relu(x, y);
        Assert.Equal([0f, 0f, 0f, 1.5f, 0f, 7f, 0f, 4f, 2f], y);
    }

    [Fact]
    public void LeakyRelu_MixedSigns_ScalesNegativesByTheSlope()
    {
        float[] x = [-2f, -0f, 0f, 1.5f, -100f, 7f, -3f, 4f, -0.5f];
        var y = new float[x.Length];
        Activations.Forward(Activation.LeakyRelu, x, y);
        Assert.Equal([-0.02f, 0f, 0f, 1.5f, -1f, 7f, -0.03f, 4f, -0.005f], y);
    }

    [Fact]
    public void LeakyReluBackward_KnownValues_PassesGradientOrItsHundredth()
    {
        float[] y = [-1f, 2f, 0f, 1f, 3f, -0.5f, 5f, 6f, 0.5f, -2f];
        float[] dy = [100f, 2f, 300f, 4f, 5f, 600f, 7f, 8f, 9f, 1000f];
        var dx = new float[y.Length];
        Activations.Backward(Activation.LeakyRelu, y, dy, dx);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f], dx);
    }

    [Fact]
    public void Forward_Identity_CopiesInput()
    {
        float[] x = [1f, -2f, 3f];
        var y = new float[3];
        Activations.Forward(Activation.Identity, x, y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void ReluBackward_KnownValues_PassesGradientWherePositive()
    {
        float[] y = [0f, 2f, 0f, 1f, 3f, 0f, 5f, 6f, 0.5f, 0f];
        float[] dy = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f];
        var dx = new float[y.Length];
        Activations.ReluBackward(y, dy, dx);
        Assert.Equal([0f, 2f, 0f, 4f, 5f, 0f, 7f, 8f, 9f, 0f], dx);
    }

    [Fact]
    public void TanhBackward_KnownValues_MultipliesByOneMinusYSquared()
    {
        float[] y = [0f, 0.5f, -0.5f, 1f, 0.25f, 0f, 0f, 0f, -0.75f];
        float[] dy = [2f, 2f, 2f, 2f, 4f, 1f, 1f, 1f, 1f];
        var dx = new float[y.Length];
        Activations.TanhBackward(y, dy, dx);
        Assert.Equal([2f, 1.5f, 1.5f, 0f, 3.75f, 1f, 1f, 1f, 0.4375f], dx);
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    public void Backward_EachActivation_MatchesFiniteDifferences(Activation activation)
    {
        var rng = new Rng(11);
        var x = FiniteDifference.Random(37, rng, 2.0);
        for (int i = 0; i < x.Length; i++)
            if (Math.Abs(x[i]) < 0.01f) x[i] = 0.5f; // keep relu's kink out of the difference stencil
        var r = FiniteDifference.Random(x.Length, rng);
        var y = new float[x.Length];
        double[] expected = FiniteDifference.Gradient(x, () =>
        {
            Activations.Forward(activation, x, y);
            return FiniteDifference.Probe(y, r);
        });
        Activations.Forward(activation, x, y);
        var dx = new float[x.Length];
        Activations.Backward(activation, y, r, dx);
        FiniteDifference.AssertClose(dx, expected);
    }

    [Fact]
    public void Backward_InPlace_SameAsSeparateBuffers()
    {
        var rng = new Rng(5);
        var y = FiniteDifference.Random(21, rng);
        var dy = FiniteDifference.Random(21, rng);
        var dx = new float[21];
        Activations.TanhBackward(y, dy, dx);
        Activations.TanhBackward(y, dy, dy);
        Assert.Equal(dx, dy);
    }

    [Fact]
    public void Tanh_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.Tanh(new float[3], new float[4]));
        Assert.Equal("length mismatch: 3 vs 4", ex.Message);
    }

    [Fact]
    public void Relu_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.Relu(new float[5], new float[2]));
        Assert.Equal("length mismatch: 5 vs 2", ex.Message);
    }

    [Fact]
    public void TanhBackward_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.TanhBackward(new float[3], new float[3], new float[2]));
        Assert.Equal("length mismatch: 3, 3, 2", ex.Message);
    }

    [Fact]
    public void ReluBackward_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.ReluBackward(new float[3], new float[1], new float[3]));
        Assert.Equal("length mismatch: 3, 1, 3", ex.Message);
    }

    [Fact]
    public void Forward_UnknownActivation_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Forward((Activation)42, new float[1], new float[1]));
        Assert.StartsWith("unknown activation 42", ex.Message);
    }
}
