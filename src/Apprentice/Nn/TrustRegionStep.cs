using System.Diagnostics;

namespace Apprentice.Nn;

/// <summary>What one trust-region step did.</summary>
/// <param name="Objective0">Objective before the step.</param>
/// <param name="Objective1">Objective after it (equal to <paramref name="Objective0"/> when rejected).</param>
/// <param name="Kl">Divergence of the accepted step (0 when rejected).</param>
/// <param name="GradientNorm">Max-norm of the objective's gradient.</param>
/// <param name="Backtracks">Halvings the line search made.</param>
/// <param name="Accepted">Whether the parameters moved.</param>
/// <param name="CgSeconds">Time spent solving for the step direction (conjugate gradient and its Fisher products).</param>
/// <param name="LineSearchSeconds">Time spent in the backtracking line search.</param>
public readonly record struct TrustRegionResult(double Objective0, double Objective1, double Kl, double GradientNorm, int Backtracks, bool Accepted,
    double CgSeconds = 0, double LineSearchSeconds = 0);

/// <summary>
/// One natural-gradient step under a divergence constraint (Schulman et al. 2015, TRPO, Appendix C), shared by
/// the policy (KL between action distributions) and the value function (mean squared change of its output).
/// Solves (F + damping·I) s = g by conjugate gradient, scales s to the boundary ½ sᵀ(F + damping·I)s = maxKl,
/// then backtracks (×0.5, at most 10 times) until the objective improves by at least 10 % of the linear
/// prediction with divergence ≤ 2·maxKl, as the authors' <c>ngstep</c>. Unlike their code, a step that never
/// passes is rejected and the parameters are restored.
/// </summary>
public sealed class TrustRegionStep
{
    /// <summary>Sets nothing; evaluates (objective, divergence) at the parameters currently in the vector.</summary>
    public delegate (double Objective, double Divergence) Evaluate();

    private readonly ConjugateGradient _cg;
    private readonly float[] _theta0, _step, _fs;

    public TrustRegionStep(int size)
    {
        _cg = new ConjugateGradient(size);
        _theta0 = new float[size];
        _step = new float[size];
        _fs = new float[size];
    }

    /// <param name="parameters">Moved in place on success.</param>
    /// <param name="gradient">∇ objective at the current parameters (to be increased).</param>
    /// <param name="objective0">The objective at the current parameters.</param>
    /// <param name="fisherProduct">Undamped F·v at the current parameters.</param>
    /// <param name="evaluate">(objective, divergence from the current parameters) at whatever the vector holds.</param>
    public TrustRegionResult Step(ParameterVector parameters, ReadOnlySpan<float> gradient, double objective0,
        ConjugateGradient.Product fisherProduct, Evaluate evaluate, double maxKl, double damping, int cgIterations,
        int maxBacktracks = 10, double acceptRatio = 0.1, double shrink = 0.5, double gradientTolerance = 1e-6)
    {
        Guard.Length(gradient, _theta0.Length, nameof(gradient));
        double gradientNorm = 0;
        foreach (float g in gradient) gradientNorm = Math.Max(gradientNorm, Math.Abs(g));
        if (!double.IsFinite(gradientNorm))
            throw new ArithmeticException("the objective's gradient is not finite");
        if (gradientNorm < gradientTolerance)
            return new TrustRegionResult(objective0, objective0, 0, gradientNorm, 0, false);

        void Damped(ReadOnlySpan<float> v, Span<float> destination)
        {
            fisherProduct(v, destination);
            for (int i = 0; i < v.Length; i++) destination[i] += (float)(damping * v[i]);
        }
        long start = Stopwatch.GetTimestamp();
        _cg.Solve(Damped, gradient, _step, cgIterations);
        Damped(_step, _fs);
        double shs = 0.5 * ConjugateGradient.Dot(_step, _fs);
        double scale = 1.0 / Math.Sqrt(shs / maxKl + 1e-8);
        double expected = scale * ConjugateGradient.Dot(gradient, _step); // linear prediction of the full step's gain

        long searchStart = Stopwatch.GetTimestamp();
        double cgSeconds = Stopwatch.GetElapsedTime(start, searchStart).TotalSeconds;
        Span<float> theta = parameters.Values.Span;
        theta.CopyTo(_theta0);
        double t = 1.0;
        for (int backtrack = 0; backtrack <= maxBacktracks; backtrack++)
        {
            for (int i = 0; i < theta.Length; i++) theta[i] = (float)(_theta0[i] + t * scale * _step[i]);
            var (objective, divergence) = evaluate();
            if (double.IsFinite(objective) && divergence <= 2 * maxKl && objective - objective0 >= acceptRatio * t * expected)
                return new TrustRegionResult(objective0, objective, divergence, gradientNorm, backtrack, true,
                    cgSeconds, Stopwatch.GetElapsedTime(searchStart).TotalSeconds);
            t *= shrink;
        }
        _theta0.CopyTo(theta);
        return new TrustRegionResult(objective0, objective0, 0, gradientNorm, maxBacktracks, false,
            cgSeconds, Stopwatch.GetElapsedTime(searchStart).TotalSeconds);
    }
}
