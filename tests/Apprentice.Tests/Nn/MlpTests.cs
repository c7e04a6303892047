using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class MlpTests
{
    public static TheoryData<Activation, int[]> Nets => new()
    {
        { Activation.Tanh, [3, 2] },
        { Activation.Tanh, [4, 5, 2] },
        { Activation.Tanh, [3, 6, 5, 2] },
        { Activation.Relu, [3, 2] },
        { Activation.Relu, [4, 5, 2] },
        { Activation.Relu, [3, 6, 5, 2] },
        { Activation.LeakyRelu, [4, 5, 2] },
        { Activation.LeakyRelu, [3, 6, 5, 2] },
    };

    private static (Mlp Mlp, ParameterVector Parameters) Build(int[] sizes, Activation hidden, ulong seed)
    {
        var parameters = new ParameterVector(Mlp.ParameterCount(sizes));
        var mlp = new Mlp(sizes, parameters.Take(parameters.Count).Values, hidden);
        mlp.Initialize(new Rng(seed));
        // Non-zero biases so the bias paths carry signal in the checks.
        var rng = new Rng(seed + 1);
        Span<float> p = parameters.Values.Span;
        for (int l = 0; l < mlp.Layers; l++)
        for (int j = 0; j < sizes[l + 1]; j++)
            p[mlp.BiasOffset(l) + j] = (float)rng.Uniform(-0.5, 0.5);
        return (mlp, parameters);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Backward_ParameterGradient_MatchesFiniteDifferences(Activation hidden, int[] sizes)
    {
        const int batch = 4;
        var (mlp, parameters) = Build(sizes, hidden, 21);
        var rng = new Rng(22);
        float[] x = FiniteDifference.Random(batch * sizes[0], rng, 1.5);
        float[] r = FiniteDifference.Random(batch * sizes[^1], rng);
        var ws = mlp.CreateWorkspace(batch);
        double[] expected = FiniteDifference.Gradient(parameters.Values.Span,
            () => FiniteDifference.Probe(mlp.Forward(ws, x, batch), r));

        mlp.Forward(ws, x, batch);
        mlp.Backward(ws, r, parameters.Gradient.Span);
        FiniteDifference.AssertClose(parameters.Gradient.Span, expected);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Backward_InputGradient_MatchesFiniteDifferences(Activation hidden, int[] sizes)
    {
        const int batch = 3;
        var (mlp, parameters) = Build(sizes, hidden, 31);
        var rng = new Rng(32);
        float[] x = FiniteDifference.Random(batch * sizes[0], rng, 1.5);
        float[] r = FiniteDifference.Random(batch * sizes[^1], rng);
        var ws = mlp.CreateWorkspace(batch);
        double[] expected = FiniteDifference.Gradient(x, () => FiniteDifference.Probe(mlp.Forward(ws, x, batch), r));

        mlp.Forward(ws, x, batch);
        var dx = new float[x.Length];
        mlp.Backward(ws, r, parameters.Gradient.Span, dx);
        FiniteDifference.AssertClose(dx, expected, what: "input gradient");
    }

    [Fact]
    public void Backward_Twice_AccumulatesIntoParameterGradient()
    {
        var (mlp, parameters) = Build([3, 4, 2], Activation.Tanh, 5);
        var ws = mlp.CreateWorkspace(2);
        float[] x = FiniteDifference.Random(6, new Rng(6)), r = FiniteDifference.Random(4, new Rng(7));
        mlp.Forward(ws, x, 2);
        mlp.Backward(ws, r, parameters.Gradient.Span);
        float[] once = parameters.Gradient.ToArray();
        mlp.Backward(ws, r, parameters.Gradient.Span);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], parameters.Gradient.Span[i], 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Jvp_RandomDirection_MatchesFiniteDifferencesOfForward(Activation hidden, int[] sizes)
    {
        const int batch = 5;
        var (mlp, parameters) = Build(sizes, hidden, 41);
        var rng = new Rng(42);
        float[] x = FiniteDifference.Random(batch * sizes[0], rng, 1.5);
        float[] v = FiniteDifference.Random(parameters.Count, rng);
        var ws = mlp.CreateWorkspace(batch);
        float[] theta = parameters.Values.ToArray();
        var expected = new double[batch * sizes[^1]];
        const float h = FiniteDifference.Step;
        foreach (float sign in new[] { 1f, -1f })
        {
            for (int i = 0; i < theta.Length; i++) parameters.Values.Span[i] = theta[i] + sign * h * v[i];
            ReadOnlySpan<float> y = mlp.Forward(ws, x, batch);
            for (int i = 0; i < y.Length; i++) expected[i] += sign * y[i] / (2.0 * h);
        }
        parameters.SetValues(theta);

        mlp.Forward(ws, x, batch);
        FiniteDifference.AssertClose(mlp.Jvp(ws, v), expected, what: "Jv");
    }

    [Fact]
    public void Jvp_AgainstBackward_DotProductsAgree()
    {
        // uᵀ(J v) = (Jᵀ u)ᵀ v: forward mode and reverse mode must be transposes of each other.
        const int batch = 64;
        var (mlp, parameters) = Build([7, 16, 9, 3], Activation.Tanh, 51);
        var rng = new Rng(52);
        float[] x = FiniteDifference.Random(batch * 7, rng), u = FiniteDifference.Random(batch * 3, rng);
        float[] v = FiniteDifference.Random(parameters.Count, rng);
        var ws = mlp.CreateWorkspace(batch);
        mlp.Forward(ws, x, batch);
        double left = FiniteDifference.Probe(mlp.Jvp(ws, v), u);
        mlp.Backward(ws, u, parameters.Gradient.Span);
        double right = FiniteDifference.Probe(parameters.Gradient.Span, v);
        Assert.Equal(left, right, Math.Abs(left) * 1e-5);
    }

    [Fact]
    public void Backward_FiftyThousandRows_BatchSumsMatchDouble()
    {
        const int batch = 50_000;
        var mlp = new Mlp([2, 3], new float[9], Activation.Identity);
        var rng = new Rng(71);
        float[] x = FiniteDifference.Random(batch * 2, rng), delta = new float[batch * 3];
        for (int i = 0; i < delta.Length; i++) delta[i] = (float)(0.1 + 0.001 * rng.NextDouble());
        var grad = new float[9];
        var ws = mlp.CreateWorkspace(batch);
        mlp.Forward(ws, x, batch);
        mlp.Backward(ws, delta, grad);
        for (int j = 0; j < 3; j++)
        {
            double bias = 0;
            double[] weight = new double[2];
            for (int r = 0; r < batch; r++)
            {
                bias += delta[r * 3 + j];
                for (int i = 0; i < 2; i++) weight[i] += (double)x[r * 2 + i] * delta[r * 3 + j];
            }
            Assert.Equal(bias, grad[mlp.BiasOffset(0) + j], bias * 1e-6);
            for (int i = 0; i < 2; i++) Assert.Equal(weight[i], grad[i * 3 + j], 2e-4);
        }
    }

    [Theory]
    [InlineData(new[] { 5, 8, 2 })]
    [InlineData(new[] { 5, 8, 7, 2 })]
    public void Backward_OfOwnJvpResult_SameAsFromACopy(int[] sizes)
    {
        // Jᵀ(J v) straight from the workspace's buffer, as a Gauss-Newton product would do it.
        var (mlp, parameters) = Build(sizes, Activation.Tanh, 55);
        var rng = new Rng(56);
        float[] x = FiniteDifference.Random(9 * sizes[0], rng), v = FiniteDifference.Random(parameters.Count, rng);
        var ws = mlp.CreateWorkspace(9);
        mlp.Forward(ws, x, 9);
        float[] jv = mlp.Jvp(ws, v).ToArray();
        var fromCopy = new float[parameters.Count];
        mlp.Backward(ws, jv, fromCopy);
        var direct = new float[parameters.Count];
        mlp.Backward(ws, mlp.Jvp(ws, v), direct);
        Assert.Equal(fromCopy, direct);
    }

    [Fact]
    public void Forward_HandWeights_HandValues()
    {
        // 2 → 2 (tanh) → 1; W₀ = [[1, 2], [3, 4]] (input-major), b₀ = [0.5, −1], W₁ = [[2], [−1]], b₁ = [0.25].
        float[] p = [1, 2, 3, 4, 0.5f, -1, 2, -1, 0.25f];
        var mlp = new Mlp([2, 2, 1], p);
        var ws = mlp.CreateWorkspace();
        float[] x = [0.1f, -0.2f];
        double h0 = Math.Tanh(0.1 * 1 - 0.2 * 3 + 0.5), h1 = Math.Tanh(0.1 * 2 - 0.2 * 4 - 1);
        Assert.Equal(2 * h0 - h1 + 0.25, mlp.Forward(ws, x, 1)[0], 1e-6);
    }

    [Fact]
    public void Forward_BatchOneAndBatched_AgreeRowByRow()
    {
        var (mlp, _) = Build([11, 100, 100, 3], Activation.Tanh, 61);
        float[] x = FiniteDifference.Random(13 * 11, new Rng(62));
        var big = mlp.CreateWorkspace(13);
        float[] batched = mlp.Forward(big, x, 13).ToArray();
        var one = mlp.CreateWorkspace();
        for (int r = 0; r < 13; r++)
        {
            ReadOnlySpan<float> y = mlp.Forward(one, x.AsSpan(r * 11, 11), 1);
            for (int j = 0; j < 3; j++) Assert.Equal(batched[r * 3 + j], y[j], 1e-5f);
        }
    }

    [Fact]
    public void Forward_BatchLargerThanCapacity_GrowsWorkspace()
    {
        var (mlp, _) = Build([2, 3, 1], Activation.Tanh, 3);
        var ws = mlp.CreateWorkspace(1);
        float[] x = FiniteDifference.Random(20, new Rng(4));
        Assert.Equal(10, mlp.Forward(ws, x, 10).Length);
        Assert.True(ws.Capacity >= 10);
    }

    [Fact]
    public void Initialize_SameSeed_BitIdenticalParametersAndOutputs()
    {
        int[] sizes = [11, 64, 64, 3];
        var a = new Mlp(sizes, new float[Mlp.ParameterCount(sizes)]);
        var b = new Mlp(sizes, new float[Mlp.ParameterCount(sizes)]);
        a.Initialize(new Rng(77), outputScale: 0.01f);
        b.Initialize(new Rng(77), outputScale: 0.01f);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        float[] x = FiniteDifference.Random(500 * 11, new Rng(78));
        Assert.Equal(a.Forward(a.CreateWorkspace(500), x, 500).ToArray(), b.Forward(b.CreateWorkspace(500), x, 500).ToArray());
    }

    [Fact]
    public void Backward_SameInputsTwice_BitIdenticalGradients()
    {
        var (mlp, _) = Build([11, 64, 64, 3], Activation.Tanh, 81);
        var rng = new Rng(82);
        float[] x = FiniteDifference.Random(700 * 11, rng), r = FiniteDifference.Random(700 * 3, rng);
        var ws = mlp.CreateWorkspace(700);
        float[] first = new float[Mlp.ParameterCount(mlp.Sizes)], second = new float[first.Length];
        float[] dx1 = new float[x.Length], dx2 = new float[x.Length];
        mlp.Forward(ws, x, 700);
        mlp.Backward(ws, r, first, dx1);
        mlp.Forward(ws, x, 700);
        mlp.Backward(ws, r, second, dx2);
        Assert.Equal(first, second);
        Assert.Equal(dx1, dx2);
    }

    [Fact]
    public void Forward_TwoThreadsOneMlp_SameAsSerial()
    {
        var (mlp, _) = Build([11, 100, 100, 3], Activation.Tanh, 91);
        float[] x = FiniteDifference.Random(300 * 11, new Rng(92));
        float[] serial = mlp.Forward(mlp.CreateWorkspace(300), x, 300).ToArray();
        var results = new float[2][];
        Parallel.For(0, 2, t =>
        {
            var ws = mlp.CreateWorkspace(300);
            for (int i = 0; i < 50; i++) results[t] = mlp.Forward(ws, x, 300).ToArray();
        });
        Assert.Equal(serial, results[0]);
        Assert.Equal(serial, results[1]);
    }

    [Fact]
    public void Initialize_GlorotAndOutputScale_RespectsBounds()
    {
        int[] sizes = [10, 30, 2];
        var mlp = new Mlp(sizes, new float[Mlp.ParameterCount(sizes)]);
        mlp.Initialize(new Rng(1), outputScale: 0.01f);
        ReadOnlySpan<float> p = mlp.Parameters.Span;
        float limit0 = MathF.Sqrt(6f / 40f), limit1 = 0.01f * MathF.Sqrt(6f / 32f);
        ReadOnlySpan<float> w0 = p.Slice(mlp.WeightOffset(0), 300), w1 = p.Slice(mlp.WeightOffset(1), 60);
        Assert.True(w0.ToArray().All(w => Math.Abs(w) <= limit0) && w0.ToArray().Max() > 0.9f * limit0);
        Assert.True(w1.ToArray().All(w => Math.Abs(w) <= limit1) && w1.ToArray().Max() > 0.9f * limit1);
        Assert.True(p.Slice(mlp.BiasOffset(0), 30).ToArray().All(b => b == 0));
        Assert.True(p.Slice(mlp.BiasOffset(1), 2).ToArray().All(b => b == 0));
    }

    [Fact]
    public void ParameterCount_PolicySizes_CountsWeightsAndBiases()
    {
        Assert.Equal(11 * 100 + 100 + 100 * 100 + 100 + 100 * 3 + 3, Mlp.ParameterCount([11, 100, 100, 3]));
    }

    [Fact]
    public void ParameterCount_SingleSize_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mlp.ParameterCount([4]));
        Assert.StartsWith("an MLP needs at least an input and an output size, got 1 sizes", ex.Message);
    }

    [Fact]
    public void ParameterCount_ZeroWidth_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mlp.ParameterCount([4, 0, 2]));
        Assert.StartsWith("layer sizes must be positive, got [4, 0, 2]", ex.Message);
    }

    [Fact]
    public void Constructor_WrongParameterLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Mlp([2, 3], new float[8]));
        Assert.StartsWith("parameters has length 8, expected 9 for sizes [2, 3]", ex.Message);
    }

    [Fact]
    public void Forward_WrongInputLength_Throws()
    {
        var (mlp, _) = Build([3, 2], Activation.Tanh, 1);
        var ex = Assert.Throws<ArgumentException>(() => mlp.Forward(mlp.CreateWorkspace(), new float[5], 2));
        Assert.Equal("input has length 5, expected 6", ex.Message);
    }

    [Fact]
    public void Forward_ForeignWorkspace_Throws()
    {
        var (a, _) = Build([3, 2], Activation.Tanh, 1);
        var (b, _) = Build([3, 2], Activation.Tanh, 1);
        var ex = Assert.Throws<ArgumentException>(() => a.Forward(b.CreateWorkspace(), new float[3], 1));
        Assert.StartsWith("workspace belongs to another Mlp; create one with mlp.CreateWorkspace", ex.Message);
    }

    [Fact]
    public void Backward_BeforeForward_Throws()
    {
        var (mlp, parameters) = Build([3, 2], Activation.Tanh, 1);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            mlp.Backward(mlp.CreateWorkspace(), new float[2], parameters.Gradient.Span));
        Assert.Equal("no forward pass on this workspace; call Forward first", ex.Message);
    }

    [Fact]
    public void Backward_WrongOutputGradLength_Throws()
    {
        var (mlp, parameters) = Build([3, 2], Activation.Tanh, 1);
        var ws = mlp.CreateWorkspace();
        mlp.Forward(ws, new float[3], 1);
        var ex = Assert.Throws<ArgumentException>(() => mlp.Backward(ws, new float[3], parameters.Gradient.Span));
        Assert.Equal("outputGrad has length 3, expected 2", ex.Message);
    }

    [Fact]
    public void Jvp_WrongTangentLength_Throws()
    {
        var (mlp, _) = Build([3, 2], Activation.Tanh, 1);
        var ws = mlp.CreateWorkspace();
        mlp.Forward(ws, new float[3], 1);
        var ex = Assert.Throws<ArgumentException>(() => mlp.Jvp(ws, new float[7]));
        Assert.Equal("parameterTangent has length 7, expected 8", ex.Message);
    }
}
