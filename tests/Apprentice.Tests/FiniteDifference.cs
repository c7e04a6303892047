namespace Apprentice.Tests;

/// <summary>
/// Central differences for float32 code. The kernels are float32-only (the MLP's throughput is the point), so
/// the "in float64" checks are done carefully instead of generically: the probe loss is summed in double, the
/// step is 1e-3 (float rounding of the loss, ~1e-7, divided by 2h stays ~1e-4 below the truncation error's
/// O(h²)), the divisor is the actually representable (x+h) − (x−h), and the tolerance is relative (a few 1e-3)
/// plus a small absolute floor. A dropped or wrong term moves a gradient by O(its size) and fails.
/// </summary>
internal static class FiniteDifference
{
    public const float Step = 1e-3f;

    /// <summary>∂f/∂x[i] for every i, perturbing x in place and restoring it.</summary>
    public static double[] Gradient(Span<float> x, Func<double> f)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            float saved = x[i];
            float plus = saved + Step, minus = saved - Step;
            x[i] = plus;
            double fPlus = f();
            x[i] = minus;
            double fMinus = f();
            x[i] = saved;
            g[i] = (fPlus - fMinus) / ((double)plus - minus);
        }
        return g;
    }

    public static void AssertClose(ReadOnlySpan<float> actual, double[] expected, double rtol = 5e-3, double atol = 2e-4,
        string what = "gradient")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            Assert.True(err <= rtol * Math.Abs(expected[i]) + atol,
                $"{what}[{i}]: analytic {actual[i]:G9}, finite difference {expected[i]:G9}, error {err:G3}");
        }
    }

    public static float[] Random(int length, Rng rng, double scale = 1.0)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)(scale * rng.Uniform(-1, 1));
        return a;
    }

    /// <summary>Σ r[i]·y[i] in double: a scalar probe whose gradient w.r.t. y is r.</summary>
    public static double Probe(ReadOnlySpan<float> y, ReadOnlySpan<float> r)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)r[i] * y[i];
        return s;
    }

    public static double Central(float[] x, int k, Func<float[], double> f, float h = 1e-2f)
    {
        var plus = (float[])x.Clone();
        var minus = (float[])x.Clone();
        plus[k] += h;
        minus[k] -= h;
        return (f(plus) - f(minus)) / ((double)plus[k] - minus[k]);
    }

    public static double[,] Hessian(float[] x, Func<float[], double> f, float h)
    {
        int n = x.Length;
        var hessian = new double[n, n];
        for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++)
        {
            double Shifted(float dr, float dc)
            {
                var y = (float[])x.Clone();
                y[r] += dr;
                y[c] += dc;
                return f(y);
            }
            hessian[r, c] = (Shifted(h, h) - Shifted(h, -h) - Shifted(-h, h) + Shifted(-h, -h)) / (4.0 * h * h);
        }
        return hessian;
    }
}
