using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Tests.Policies;

public class MlpPolicyTests
{
    private const int Batch = 3;
    private static readonly float[] Observations = [0.5f, -1.0f, 2.0f, 0.1f, 0.3f, -0.7f, 1.5f, 0.2f, -0.4f];

    /// <summary>A tiny policy with random (non-zero) weights everywhere, so every gradient path is exercised.</summary>
    private static MlpPolicy Tiny(Space actionSpace)
    {
        var policy = new MlpPolicy(3, actionSpace, [4], new Rng(1));
        var rng = new Rng(2);
        Span<float> values = policy.Parameters.Values.Span;
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.Uniform(-0.8, 0.8);
        policy.Normalizer.Update([1f, 0f, 1f, 3f, 2f, -1f]);
        return policy;
    }

    public static TheoryData<string> Spaces => ["discrete", "box"];

    private static Space SpaceOf(string name) => name == "discrete" ? new Discrete(3) : new Box(-1f, 1f, 2);

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Backward_ScalarProbe_MatchesCentralDifferences(string space)
    {
        MlpPolicy policy = Tiny(SpaceOf(space));
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        int size = Batch * policy.Distribution.ParameterSize;
        var weights = new float[size];
        var rng = new Rng(3);
        for (int i = 0; i < size; i++) weights[i] = (float)rng.Uniform(-1, 1);

        policy.Forward(ws, Observations, Batch);
        var grad = new float[policy.Parameters.Count];
        policy.Backward(ws, weights, grad);

        float[] theta = policy.Parameters.Values.ToArray();
        double Probe(float[] p)
        {
            policy.Parameters.SetValues(p);
            ReadOnlySpan<float> d = policy.Forward(ws, Observations, Batch);
            double s = 0;
            for (int i = 0; i < size; i++) s += weights[i] * (double)d[i];
            return s;
        }
        for (int k = 0; k < theta.Length; k++)
            Assert.Equal(FiniteDifference.Central(theta, k, Probe, 1e-3f), grad[k], 3e-3);
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Jvp_RandomDirection_MatchesCentralDifferences(string space)
    {
        MlpPolicy policy = Tiny(SpaceOf(space));
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        int size = Batch * policy.Distribution.ParameterSize;
        var v = new float[policy.Parameters.Count];
        var rng = new Rng(4);
        for (int i = 0; i < v.Length; i++) v[i] = (float)rng.Uniform(-1, 1);

        policy.Forward(ws, Observations, Batch);
        var jv = new float[size];
        policy.Jvp(ws, v, jv);

        float[] theta = policy.Parameters.Values.ToArray();
        const float h = 1e-3f;
        float[] Shifted(float sign)
        {
            var p = new float[theta.Length];
            for (int i = 0; i < p.Length; i++) p[i] = theta[i] + sign * h * v[i];
            policy.Parameters.SetValues(p);
            return policy.Forward(ws, Observations, Batch).ToArray();
        }
        float[] plus = Shifted(1), minus = Shifted(-1);
        for (int i = 0; i < size; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), jv[i], 3e-3);
    }

    [Fact]
    public void FisherVectorProduct_Categorical_MatchesExplicitScoreOuterProduct()
    {
        // Fisher of the policy: F = (1/B) Σ_i Σ_a π(a|s_i) g_ia g_iaᵀ with g_ia = ∇θ log π(a|s_i), built explicitly.
        MlpPolicy policy = Tiny(new Discrete(3));
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        int n = policy.Parameters.Count;
        ReadOnlySpan<float> logits = policy.Forward(ws, Observations, Batch);
        float[] logitsCopy = logits.ToArray();
        var fisher = new double[n, n];
        var logp = new float[Batch];
        for (int a = 0; a < 3; a++)
        {
            float[] actions = [a, a, a];
            policy.Distribution.LogProb(logitsCopy, actions, logp);
            for (int i = 0; i < Batch; i++)
            {
                var weights = new float[Batch];
                weights[i] = 1f;
                var distGrad = new float[logitsCopy.Length];
                policy.Distribution.LogProbBackward(logitsCopy, actions, weights, distGrad);
                var g = new float[n];
                policy.Backward(ws, distGrad, g);
                double p = Math.Exp(logp[i]);
                for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    fisher[r, c] += p * g[r] * g[c] / Batch;
            }
        }
        AssertFisherProduct(policy, ws, fisher, tolerance: 1e-4);
    }

    [Fact]
    public void FisherVectorProduct_Gaussian_MatchesHessianOfMeanKl()
    {
        MlpPolicy policy = Tiny(new Box(-1f, 1f, 2));
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        float[] theta = policy.Parameters.Values.ToArray();
        float[] old = policy.Forward(ws, Observations, Batch).ToArray();
        double MeanKl(float[] p)
        {
            policy.Parameters.SetValues(p);
            var kl = new float[Batch];
            policy.Distribution.Kl(old, policy.Forward(ws, Observations, Batch), kl);
            return kl.Average(x => (double)x);
        }
        double[,] fisher = FiniteDifference.Hessian(theta, MeanKl, 0.02f);
        policy.Parameters.SetValues(theta);
        policy.Forward(ws, Observations, Batch);
        AssertFisherProduct(policy, ws, fisher, tolerance: 2e-2);
    }

    /// <summary>F·v by two passes (Jvp, the distribution's metric, Backward) against the explicit matrix.</summary>
    private static void AssertFisherProduct(MlpPolicy policy, PolicyWorkspace ws, double[,] fisher, double tolerance)
    {
        int n = policy.Parameters.Count;
        var rng = new Rng(6);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)rng.Uniform(-1, 1);
        float[] dist = policy.Forward(ws, Observations, Batch).ToArray();
        var jv = new float[dist.Length];
        var mjv = new float[dist.Length];
        var fv = new float[n];
        policy.Jvp(ws, v, jv);
        policy.Distribution.FisherVectorProduct(dist, jv, mjv);
        policy.Backward(ws, mjv, fv);
        for (int r = 0; r < n; r++)
        {
            double expected = 0;
            for (int c = 0; c < n; c++) expected += fisher[r, c] * v[c];
            Assert.Equal(expected, fv[r] / Batch, tolerance * Math.Max(1.0, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Constructor_DefaultShape_IsPaperNetworkWithZeroOutputAndUnitStd()
    {
        var policy = new MlpPolicy(11, new Box(-1f, 1f, 3), [100, 100], new Rng(0));
        Assert.Equal([11, 100, 100, 3], policy.Network.Sizes);
        Assert.Equal(11 * 100 + 100 + 100 * 100 + 100 + 100 * 3 + 3 + 3, policy.Parameters.Count);
        Assert.All(policy.LogStd.ToArray(), s => Assert.Equal(0f, s));
        PolicyWorkspace ws = policy.CreateWorkspace();
        ReadOnlySpan<float> dist = policy.Forward(ws, new float[11], 1);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f], dist.ToArray());
    }

    [Fact]
    public void Act_NoRng_IsDeterministicMode()
    {
        MlpPolicy policy = Tiny(new Discrete(3));
        PolicyWorkspace ws = policy.CreateWorkspace(Batch);
        var a = new float[Batch];
        var b = new float[Batch];
        ReadOnlySpan<float> dist = policy.Act(ws, Observations, Batch, null, a);
        policy.Distribution.Mode(dist, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void CopyFrom_SameShape_ActsAsTheSource()
    {
        MlpPolicy source = Tiny(new Box(-1f, 1f, 2));
        var copy = new MlpPolicy(3, new Box(-1f, 1f, 2), [4], new Rng(7));
        copy.CopyFrom(source);
        Assert.Equal(source.Parameters.Values.ToArray(), copy.Parameters.Values.ToArray()); // log σ among them
        Assert.Equal(source.Normalizer.ToJson(), copy.Normalizer.ToJson());
        float[] expected = source.Forward(source.CreateWorkspace(Batch), Observations, Batch).ToArray();
        Assert.Equal(expected, copy.Forward(copy.CreateWorkspace(Batch), Observations, Batch).ToArray());
    }

    [Fact]
    public void CopyFrom_OtherShape_ThrowsNamingTheDifferenceAndKeepsItsOwn()
    {
        var box = new Box(-1f, 1f, 2);
        var target = new MlpPolicy(3, box, [4], new Rng(7));
        float[] own = target.Parameters.Values.ToArray();
        (MlpPolicy Source, string Message)[] cases =
        [
            (new MlpPolicy(5, box, [4], new Rng(1)), "the initial policy takes 5 observation values, not 3"),
            (new MlpPolicy(3, new Discrete(2), [4], new Rng(1)), "the initial policy acts in "),
            (new MlpPolicy(3, new Box(-2f, 2f, 2), [4], new Rng(1)), "the initial policy acts in "), // same size, other bounds
            (new MlpPolicy(3, box, [4, 4], new Rng(1)), "the initial policy has hidden layers 4,4, not 4"),
            (new MlpPolicy(3, box, [4], new Rng(1), Activation.Relu), "the initial policy has Relu hidden units, not Tanh"),
        ];
        foreach (var (source, message) in cases)
        {
            var ex = Assert.Throws<InputException>(() => target.CopyFrom(source, "the initial policy"));
            Assert.StartsWith(message, ex.Message);
        }
        Assert.Equal(own, target.Parameters.Values.ToArray());
    }

    [Fact]
    public void Constructor_TwoDimensionalBox_ThrowsInputException()
    {
        var ex = Assert.Throws<InputException>(() => new MlpPolicy(3, new Box(-1f, 1f, 2, 2), [4], new Rng(0)));
        Assert.Contains("not supported", ex.Message);
    }
}
