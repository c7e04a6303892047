using Apprentice.Nn;

namespace Apprentice.Tests.Nn;

public class GemmTests
{
    public enum Variant { NN, NT, TN }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 6, 16, 16 }, { 5, 3, 15 }, { 13, 300, 17 }, { 1, 100, 37 }, { 2, 11, 100 },
        { 12, 257, 33 }, { 61, 100, 3 }, { 100, 600, 100 }, { 3, 1, 200 }, { 7, 300, 4100 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_OddShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (Variant variant in Enum.GetValues<Variant>())
        foreach (bool accumulate in new[] { false, true })
        foreach (bool simd in new[] { true, false })
            CheckAgainstNaive(variant, m, k, n, accumulate, simd, rowsToCheck: null);
    }

    [Theory]
    [InlineData(Variant.NN)]
    [InlineData(Variant.NT)]
    public void Multiply_TallBatch_MatchesNaiveOnSampledRows(Variant variant)
    {
        // 50,001 rows: one tile edge at the bottom; checked on the first, last and a spread of rows.
        int[] rows = [0, 1, 5, 6, 12_345, 49_998, 49_999, 50_000];
        CheckAgainstNaive(variant, 50_001, 100, 100, accumulate: true, simd: Gemm.IsAccelerated, rows);
    }

    [Fact]
    public void MultiplyTransposeA_LongInnerDimension_MatchesNaive()
    {
        CheckAgainstNaive(Variant.TN, 101, 50_001, 7, accumulate: false, simd: Gemm.IsAccelerated, rowsToCheck: null);
        CheckAgainstNaive(Variant.TN, 11, 50_001, 100, accumulate: true, simd: Gemm.IsAccelerated, rowsToCheck: null);
    }

    [Theory]
    [InlineData(1, 11, 100)]
    [InlineData(7, 13, 5)]
    [InlineData(50, 100, 3)]
    [InlineData(13, 600, 37)]
    [InlineData(5, 0, 4)]
    [InlineData(8, 20, 4100)]
    public void MultiplyAddBias_EachActivation_MatchesNaive(int m, int k, int n)
    {
        var rng = new Rng(17);
        float[] a = FiniteDifference.Random(m * k, rng), b = FiniteDifference.Random(k * n, rng);
        float[] bias = FiniteDifference.Random(n, rng);
        foreach (Activation activation in Enum.GetValues<Activation>())
        foreach (bool simd in new[] { true, false })
        {
            var c = FiniteDifference.Random(m * n, rng);
            if (simd == Gemm.IsAccelerated) Gemm.MultiplyAddBias(m, k, n, a, b, bias, activation, c);
            else Gemm.Run(m, k, n, a, k, 1, b, n, 1, c, false, simd, bias, activation);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double z = bias[j], magnitude = Math.Abs(z);
                for (int p = 0; p < k; p++)
                {
                    z += (double)a[i * k + p] * b[p * n + j];
                    magnitude += Math.Abs((double)a[i * k + p] * b[p * n + j]);
                }
                double expected = activation switch
                {
                    Activation.Tanh => Math.Tanh(z),
                    Activation.Relu => Math.Max(z, 0),
                    Activation.LeakyRelu => Math.Max(z, 0.01 * z),
                    _ => z,
                };
                Assert.True(Math.Abs(c[i * n + j] - expected) <= 2e-6 * magnitude + 1e-6,
                    $"{activation} simd={simd} {m}x{k}x{n}: C[{i},{j}] = {c[i * n + j]:G9}, naive {expected:G9}");
            }
        }
    }

    [Theory]
    [InlineData(1, 3, 100)]
    [InlineData(7, 13, 5)]
    [InlineData(50, 100, 100)]
    [InlineData(13, 300, 37)]
    public void MultiplyTransposeBActivationBackward_EachActivation_MatchesNaive(int m, int k, int n)
    {
        var rng = new Rng(19);
        float[] a = FiniteDifference.Random(m * k, rng), b = FiniteDifference.Random(n * k, rng);
        float[] y = FiniteDifference.Random(m * n, rng);
        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            var c = FiniteDifference.Random(m * n, rng);
            Gemm.MultiplyTransposeBActivationBackward(m, k, n, a, b, y, activation, c);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double z = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    z += (double)a[i * k + p] * b[j * k + p];
                    magnitude += Math.Abs((double)a[i * k + p] * b[j * k + p]);
                }
                double yij = y[i * n + j];
                double expected = activation switch
                {
                    Activation.Tanh => z * (1 - yij * yij),
                    Activation.Relu => yij > 0 ? z : 0,
                    Activation.LeakyRelu => yij > 0 ? z : 0.01 * z,
                    _ => z,
                };
                Assert.True(Math.Abs(c[i * n + j] - expected) <= 2e-6 * magnitude + 1e-6,
                    $"{activation} {m}x{k}x{n}: C[{i},{j}] = {c[i * n + j]:G9}, naive {expected:G9}");
            }
        }
    }

    [Theory]
    [InlineData(1, 7, 100, false)]
    [InlineData(13, 300, 37, true)]
    [InlineData(50, 11, 100, false)]
    public void MultiplyActivationBackward_BiasOrAccumulate_MatchesNaive(int m, int k, int n, bool accumulate)
    {
        var rng = new Rng(23);
        float[] a = FiniteDifference.Random(m * k, rng), b = FiniteDifference.Random(k * n, rng);
        float[] y = FiniteDifference.Random(m * n, rng), bias = FiniteDifference.Random(n, rng);
        float[] c0 = FiniteDifference.Random(m * n, rng);
        var c = (float[])c0.Clone();
        Gemm.MultiplyActivationBackward(m, k, n, a, b, y, Activation.Tanh, c, accumulate, accumulate ? default : bias);
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double z = accumulate ? c0[i * n + j] : bias[j], magnitude = Math.Abs(z);
            for (int p = 0; p < k; p++)
            {
                z += (double)a[i * k + p] * b[p * n + j];
                magnitude += Math.Abs((double)a[i * k + p] * b[p * n + j]);
            }
            double yij = y[i * n + j], expected = z * (1 - yij * yij);
            Assert.True(Math.Abs(c[i * n + j] - expected) <= 2e-6 * magnitude + 1e-6,
                $"{m}x{k}x{n} acc={accumulate}: C[{i},{j}] = {c[i * n + j]:G9}, naive {expected:G9}");
        }
    }

    [Fact]
    public void MultiplyTransposeBActivationBackward_WrongYLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyTransposeBActivationBackward(2, 3, 4, new float[6], new float[12], new float[7], Activation.Tanh, new float[8]));
        Assert.Equal("y has length 7, expected 8", ex.Message);
    }

    [Fact]
    public void MultiplyAddBias_WrongBiasLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyAddBias(2, 3, 4, new float[6], new float[12], new float[3], Activation.Tanh, new float[8]));
        Assert.Equal("bias has length 3, expected 4", ex.Message);
    }

    [Fact]
    public void Multiply_TwoByTwo_HandValues()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        var c = new float[4];
        Gemm.Multiply(2, 2, 2, a, b, c);
        Assert.Equal([19f, 22f, 43f, 50f], c);
        Gemm.MultiplyTransposeB(2, 2, 2, a, b, c);
        Assert.Equal([17f, 23f, 39f, 53f], c);
        Gemm.MultiplyTransposeA(2, 2, 2, a, b, c, accumulate: true);
        Assert.Equal([17f + 26f, 23f + 30f, 39f + 38f, 53f + 44f], c);
    }

    [Fact]
    public void Multiply_ZeroInnerDimension_ClearsOrKeepsC()
    {
        float[] c = [1, 2, 3];
        Gemm.Multiply(3, 0, 1, [], [], c, accumulate: true);
        Assert.Equal([1f, 2f, 3f], c);
        Gemm.Multiply(3, 0, 1, [], [], c);
        Assert.Equal([0f, 0f, 0f], c);
    }

    [Fact]
    public void Multiply_SameInputsTwice_BitIdentical()
    {
        var rng = new Rng(9);
        float[] a = FiniteDifference.Random(301 * 129, rng), b = FiniteDifference.Random(129 * 77, rng);
        var c1 = new float[301 * 77];
        var c2 = new float[301 * 77];
        Gemm.Multiply(301, 129, 77, a, b, c1);
        Gemm.Multiply(301, 129, 77, a, b, c2);
        Assert.Equal(c1, c2);
    }

    [Fact]
    public void Multiply_WrongALength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 3, 4, new float[5], new float[12], new float[8]));
        Assert.Equal("a has length 5, expected 6", ex.Message);
    }

    [Fact]
    public void MultiplyTransposeB_WrongBLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeB(2, 3, 4, new float[6], new float[11], new float[8]));
        Assert.Equal("b has length 11, expected 12", ex.Message);
    }

    [Fact]
    public void MultiplyTransposeA_WrongCLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposeA(2, 3, 4, new float[6], new float[12], new float[9]));
        Assert.Equal("c has length 9, expected 8", ex.Message);
    }

    [Fact]
    public void Multiply_NegativeSize_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, -1, 4, [], [], new float[8]));
        Assert.StartsWith("matrix sizes must be non-negative, got m=2, k=-1, n=4", ex.Message);
    }

    private static void CheckAgainstNaive(Variant variant, int m, int k, int n, bool accumulate, bool simd, int[]? rowsToCheck)
    {
        var rng = new Rng((ulong)(m * 1_000_003 + k * 1009 + n));
        float[] a = FiniteDifference.Random(m * k, rng), b = FiniteDifference.Random(k * n, rng);
        float[] c0 = FiniteDifference.Random(m * n, rng);
        var c = (float[])c0.Clone();
        // Strides of the stored operands: A(i, p) = a[i·rsA + p·csA], B(p, j) = b[p·rsB + j·csB].
        (int rsA, int csA) = variant == Variant.TN ? (1, m) : (k, 1);
        (int rsB, int csB) = variant == Variant.NT ? (1, k) : (n, 1);
        if (simd == Gemm.IsAccelerated)
        {
            switch (variant)
            {
                case Variant.NN: Gemm.Multiply(m, k, n, a, b, c, accumulate); break;
                case Variant.NT: Gemm.MultiplyTransposeB(m, k, n, a, b, c, accumulate); break;
                default: Gemm.MultiplyTransposeA(m, k, n, a, b, c, accumulate); break;
            }
        }
        else
        {
            Gemm.Run(m, k, n, a, rsA, csA, b, rsB, csB, c, accumulate, simd);
        }
        IEnumerable<int> rows = rowsToCheck ?? Enumerable.Range(0, m);
        foreach (int i in rows)
        for (int j = 0; j < n; j++)
        {
            double sum = accumulate ? c0[i * n + j] : 0, magnitude = Math.Abs(sum);
            for (int p = 0; p < k; p++)
            {
                double t = (double)a[i * rsA + p * csA] * b[p * rsB + j * csB];
                sum += t;
                magnitude += Math.Abs(t);
            }
            double err = Math.Abs(c[i * n + j] - sum);
            Assert.True(err <= 2e-6 * magnitude + 1e-7,
                $"{variant} {m}x{k}x{n} acc={accumulate} simd={simd}: C[{i},{j}] = {c[i * n + j]:G9}, naive {sum:G9}");
        }
    }
}
