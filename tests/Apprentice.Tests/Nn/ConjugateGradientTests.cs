using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class ConjugateGradientTests
{
    private static readonly float[,] A =
    {
        { 4f, 1f, 0.5f, 0f },
        { 1f, 3f, 0f, 0.2f },
        { 0.5f, 0f, 2f, 0.1f },
        { 0f, 0.2f, 0.1f, 1f },
    };

    private static void Multiply(ReadOnlySpan<float> v, Span<float> destination)
    {
        for (int r = 0; r < 4; r++)
        {
            double s = 0;
            for (int c = 0; c < 4; c++) s += A[r, c] * v[c];
            destination[r] = (float)s;
        }
    }

    [Fact]
    public void Solve_SpdSystem_ReachesSolutionWithinDimensionIterations()
    {
        float[] b = [1f, -2f, 0.5f, 3f];
        var x = new float[4];
        int iterations = new ConjugateGradient(4).Solve(Multiply, b, x, iterations: 10);
        Assert.InRange(iterations, 1, 5);
        var ax = new float[4];
        Multiply(x, ax);
        for (int i = 0; i < 4; i++) Assert.Equal(b[i], ax[i], 1e-4f);
    }

    [Fact]
    public void Solve_OneIteration_IsSteepestDescentStep()
    {
        float[] b = [1f, 0f, 0f, 0f];
        var x = new float[4];
        new ConjugateGradient(4).Solve(Multiply, b, x, iterations: 1);
        float alpha = 1f / 4f; // bᵀb / bᵀAb
        Assert.Equal(alpha, x[0], 1e-6f);
        Assert.Equal(0f, x[1]);
    }

    [Fact]
    public void Solve_ZeroRightHandSide_ReturnsZeroWithoutProducts()
    {
        var x = new float[] { 9f, 9f, 9f, 9f };
        int iterations = new ConjugateGradient(4).Solve((_, _) => throw new InvalidOperationException("no product expected"), new float[4], x);
        Assert.Equal(0, iterations);
        Assert.All(x, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Solve_NegativeCurvature_ThrowsNamingDamping()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new ConjugateGradient(2).Solve((v, d) => { d[0] = -v[0]; d[1] = -v[1]; }, [1f, 1f], new float[2]));
        Assert.Contains("non-positive curvature", ex.Message);
    }

    [Fact]
    public void Solve_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ConjugateGradient(4).Solve(Multiply, new float[3], new float[4]));
        Assert.Contains("b has length 3, expected 4", ex.Message);
    }
}
