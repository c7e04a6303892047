namespace Apprentice.Nn;

/// <summary>
/// Conjugate gradient for A x = b with A symmetric positive definite and known only through products
/// A·v (TRPO's Fisher-vector products; Schulman et al. 2015, Appendix C). Buffers are sized once; dot
/// products accumulate in double. Draws no random numbers, so a step is a pure function of its inputs.
/// </summary>
public sealed class ConjugateGradient
{
    /// <summary>Writes A·v into the destination; both of length n.</summary>
    public delegate void Product(ReadOnlySpan<float> v, Span<float> destination);

    private readonly float[] _r, _p, _ap;

    public ConjugateGradient(int size)
    {
        Guard.Positive(size, nameof(size));
        _r = new float[size];
        _p = new float[size];
        _ap = new float[size];
    }

    public int Size => _r.Length;

    /// <summary>
    /// Runs at most <paramref name="iterations"/> iterations from x = 0, stopping early once rᵀr falls
    /// below <paramref name="residualTolerance"/>. Returns the number of iterations done.
    /// </summary>
    public int Solve(Product product, ReadOnlySpan<float> b, Span<float> x, int iterations = 10, double residualTolerance = 1e-10)
    {
        Guard.Length(b, Size, nameof(b));
        Guard.Length<float>(x, Size, nameof(x));
        Guard.Positive(iterations, nameof(iterations));
        x.Clear();
        b.CopyTo(_r);
        b.CopyTo(_p);
        double rr = Dot(_r, _r);
        int done = 0;
        while (done < iterations && rr >= residualTolerance)
        {
            product(_p, _ap);
            double pAp = Dot(_p, _ap);
            if (!(pAp > 0))
                throw new InvalidOperationException($"conjugate gradient met a non-positive curvature pᵀAp = {pAp}; is the damping too small?");
            double alpha = rr / pAp;
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += (float)(alpha * _p[i]);
                _r[i] -= (float)(alpha * _ap[i]);
            }
            double rrNext = Dot(_r, _r);
            double beta = rrNext / rr;
            for (int i = 0; i < _p.Length; i++) _p[i] = (float)(_r[i] + beta * _p[i]);
            rr = rrNext;
            done++;
        }
        return done;
    }

    /// <summary>Σ a[i]·b[i] accumulated in double.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Guard.SameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
