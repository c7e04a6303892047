namespace Apprentice.Tests;

/// <summary>Central differences of a scalar function of a float vector, evaluated in double.</summary>
internal static class FiniteDifference
{
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
