using System.Diagnostics;
using Apprentice.Nn;

namespace Apprentice.Bench;

/// <summary>
/// The MLP of the paper's policies (obs 11 → 100 → 100 → 3, tanh), single thread: (a) batch-1 forward latency,
/// (b) batch-50,000 forward + backward, (c) OpenBLAS cblas_sgemm on exactly the products (b) performs.
/// </summary>
internal static class MlpBenchmark
{
    private static readonly int[] Sizes = [11, 100, 100, 3];
    private const int Batch = 50_000;
    private const int Repeats = 9;

    private readonly record struct Product(string Name, bool TransA, bool TransB, int M, int N, int K, bool Accumulate)
    {
        public double Flops => 2.0 * M * N * K;
    }

    public static void Run()
    {
        Console.WriteLine($"mlp [{string.Join(", ", Sizes)}] tanh, single thread; Gemm AVX2/FMA kernel: {Gemm.IsAccelerated}");
        var parameters = new ParameterVector(Mlp.ParameterCount(Sizes));
        var mlp = new Mlp(Sizes, parameters.Values);
        mlp.Initialize(new Rng(1));
        var rng = new Rng(2);

        BatchOneLatency(mlp, rng);

        float[] input = RandomArray(Batch * Sizes[0], rng);
        float[] outputGrad = RandomArray(Batch * Sizes[^1], rng);
        MlpWorkspace ws = mlp.CreateWorkspace(Batch);
        Product[] products = Products();
        double flops = products.Sum(p => p.Flops);
        (double mlpMedian, double mlpMin) = Measure(() =>
        {
            mlp.Forward(ws, input, Batch);
            mlp.Backward(ws, outputGrad, parameters.Gradient.Span);
        });
        Console.WriteLine($"(b) batch {Batch} forward+backward: median {mlpMedian:F2} ms, min {mlpMin:F2} ms, " +
            $"{flops / 1e9:F2} GFLOP in GEMMs -> {Gflops(flops, mlpMedian):F1} GFLOP/s (median)");

        (double fwdMedian, _) = Measure(() => mlp.Forward(ws, input, Batch));
        (double bwdMedian, _) = Measure(() => mlp.Backward(ws, outputGrad, parameters.Gradient.Span));
        var hidden = new float[Batch * Sizes[1]];
        (double tanhMedian, _) = Measure(() => Activations.Tanh(hidden, hidden));
        Console.WriteLine($"    forward alone {fwdMedian:F2} ms, backward alone {bwdMedian:F2} ms, one tanh over [{Batch} x {Sizes[1]}] {tanhMedian:F2} ms");

        var buffers = products.Select(p => (A: RandomArray(p.M * p.K, rng), B: RandomArray(p.K * p.N, rng), C: RandomArray(p.M * p.N, rng))).ToArray();
        var ours = new double[products.Length];
        (double gemmMedian, _) = Measure(() =>
        {
            for (int i = 0; i < products.Length; i++) ours[i] -= Time(() => RunOurs(products[i], buffers[i]));
        }, perProduct: ours);
        Console.WriteLine($"    Apprentice Gemm alone on those products: median {gemmMedian:F2} ms -> {Gflops(flops, gemmMedian):F1} GFLOP/s");

        OpenBlas? blas = OpenBlas.TryLoad();
        if (blas is null)
        {
            Console.WriteLine($"(c) skipped: {OpenBlas.LibraryName} not found; install it with 'apt-get install {OpenBlas.Package}'");
            return;
        }
        var theirs = new double[products.Length];
        (double blasMedian, double blasMin) = Measure(() =>
        {
            for (int i = 0; i < products.Length; i++)
            {
                var (p, buf) = (products[i], buffers[i]);
                theirs[i] -= Time(() => blas.Sgemm(p.TransA, p.TransB, p.M, p.N, p.K, buf.A, buf.B, p.Accumulate ? 1f : 0f, buf.C));
            }
        }, perProduct: theirs);
        Console.WriteLine($"(c) OpenBLAS cblas_sgemm, 1 thread, same products: median {blasMedian:F2} ms, min {blasMin:F2} ms " +
            $"-> {Gflops(flops, blasMedian):F1} GFLOP/s   [{blas.Config}]");
        Console.WriteLine($"    ratio (b)/(c) = {mlpMedian / blasMedian:F2} (median), {mlpMin / blasMin:F2} (min); " +
            $"Gemm alone / OpenBLAS = {gemmMedian / blasMedian:F2}");
        Console.WriteLine("    per product (median-run share, ms): name  shape  Apprentice  OpenBLAS");
        for (int i = 0; i < products.Length; i++)
        {
            var p = products[i];
            Console.WriteLine($"      {p.Name,-8} {(p.TransA ? "T" : "N")}{(p.TransB ? "T" : "N")} m={p.M,-6} n={p.N,-4} k={p.K,-6} " +
                $"{ours[i] / Repeats,8:F3} {theirs[i] / Repeats,8:F3}   ({Gflops(p.Flops, ours[i] / Repeats):F1} vs {Gflops(p.Flops, theirs[i] / Repeats):F1} GFLOP/s)");
        }
    }

    private static void BatchOneLatency(Mlp mlp, Rng rng)
    {
        MlpWorkspace ws = mlp.CreateWorkspace(1);
        float[] obs = RandomArray(Sizes[0], rng);
        const int chunk = 1000;
        var perCall = new double[400];
        float sink = 0;
        for (int w = 0; w < 20_000; w++) sink += mlp.Forward(ws, obs, 1)[0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < perCall.Length; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < chunk; i++) sink += mlp.Forward(ws, obs, 1)[0];
            perCall[r] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / chunk;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Array.Sort(perCall);
        Console.WriteLine($"(a) batch-1 forward: median {perCall[perCall.Length / 2]:F3} us, min {perCall[0]:F3} us " +
            $"(median of {perCall.Length} x {chunk} calls; {allocated} bytes allocated; checksum {sink:G3})");
    }

    /// <summary>The GEMMs of one forward (bias pre-filled, so accumulate) and one backward without input gradient.</summary>
    private static Product[] Products()
    {
        var list = new List<Product>();
        int layers = Sizes.Length - 1;
        for (int l = 0; l < layers; l++)
            list.Add(new Product($"fwd{l}", false, false, Batch, Sizes[l + 1], Sizes[l], true));
        for (int l = layers - 1; l >= 0; l--)
        {
            list.Add(new Product($"dW{l}", true, false, Sizes[l], Sizes[l + 1], Batch, true));
            if (l > 0) list.Add(new Product($"dX{l}", false, true, Batch, Sizes[l], Sizes[l + 1], false));
        }
        return [.. list];
    }

    private static void RunOurs(Product p, (float[] A, float[] B, float[] C) buf)
    {
        if (p.TransA) Gemm.MultiplyTransposeA(p.M, p.K, p.N, buf.A, buf.B, buf.C, p.Accumulate);
        else if (p.TransB) Gemm.MultiplyTransposeB(p.M, p.K, p.N, buf.A, buf.B, buf.C, p.Accumulate);
        else Gemm.Multiply(p.M, p.K, p.N, buf.A, buf.B, buf.C, p.Accumulate);
    }

    /// <summary>Median and minimum wall time (ms) over <see cref="Repeats"/> runs after one warm-up.</summary>
    private static (double Median, double Min) Measure(Action action, double[]? perProduct = null)
    {
        action();
        if (perProduct is not null) Array.Clear(perProduct);
        var times = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        if (perProduct is not null)
            for (int i = 0; i < perProduct.Length; i++) perProduct[i] = -perProduct[i];
        Array.Sort(times);
        return (times[Repeats / 2], times[0]);
    }

    private static double Time(Action action)
    {
        long t0 = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    private static double Gflops(double flops, double ms) => flops / (ms * 1e6);

    private static float[] RandomArray(int length, Rng rng)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)rng.Uniform(-1, 1);
        return a;
    }
}
