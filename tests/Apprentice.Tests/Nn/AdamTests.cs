using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class AdamTests
{
    [Fact]
    public void Step_FirstTwoSteps_MatchHandComputation()
    {
        var adam = new Adam(2, learningRate: 0.1);
        float[] theta = [1f, -2f];
        adam.Step(theta, [0.5f, -4f]);
        // t = 1: m̂ = g, v̂ = g², so the step is lr · g/(|g| + ε) ≈ lr · sign(g).
        Assert.Equal(1 - 0.1 * 0.5 / (0.5 + 1e-8), theta[0], 6);
        Assert.Equal(-2 + 0.1 * 4 / (4 + 1e-8), theta[1], 6);

        adam.Step(theta, [0.25f, 2f]);
        // t = 2, parameter 0: m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225.
        double m0 = 0.07 / (1 - 0.81), v0 = 0.00031225 / (1 - 0.998001);
        Assert.Equal(0.9 - 0.1 * m0 / (Math.Sqrt(v0) + 1e-8), theta[0], 5);
        // parameter 1: m = 0.9·(−0.4) + 0.1·2 = −0.16, v = 0.999·0.016 + 0.001·4 = 0.019984.
        double m1 = -0.16 / (1 - 0.81), v1 = 0.019984 / (1 - 0.998001);
        Assert.Equal(-1.9 - 0.1 * m1 / (Math.Sqrt(v1) + 1e-8), theta[1], 5);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void Step_Quadratic_ConvergesToMinimum()
    {
        // f(θ) = Σ cᵢ (θᵢ − tᵢ)², badly scaled on purpose.
        float[] c = [1f, 10f, 100f], target = [3f, -1f, 0.5f], theta = [0f, 0f, 0f];
        var grad = new float[3];
        var adam = new Adam(3, learningRate: 0.05);
        for (int step = 0; step < 3000; step++)
        {
            for (int i = 0; i < 3; i++) grad[i] = 2 * c[i] * (theta[i] - target[i]);
            adam.Step(theta, grad);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(target[i], theta[i], 1e-3f);
    }

    [Fact]
    public void Step_WrongGradientLength_Throws()
    {
        var adam = new Adam(3, 0.1);
        var ex = Assert.Throws<ArgumentException>(() => adam.Step(new float[3], new float[2]));
        Assert.Equal("gradient has length 2, expected 3", ex.Message);
    }

    [Fact]
    public void Step_WrongParameterLength_Throws()
    {
        var adam = new Adam(3, 0.1);
        var ex = Assert.Throws<ArgumentException>(() => adam.Step(new float[4], new float[3]));
        Assert.Equal("parameters has length 4, expected 3", ex.Message);
    }

    [Fact]
    public void Constructor_NonPositiveLearningRate_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, 0));
        Assert.StartsWith("learning rate must be positive", ex.Message);
    }
}
