using System.Diagnostics;
using Apprentice.Nn;

namespace Apprentice.Bench;

/// <summary>
/// The MLP of the paper's policies (obs 11 → 100 → 100 → 3, tanh), single thread: (a) batch-1 forward latency,
/// (b) batch-50,000 forward + backward, (c) OpenBLAS cblas_sgemm on exactly the GEMMs (b) performs.
/// </summary>
internal static class MlpBenchmark
{
    private static readonly int[] Sizes = [11, 100, 100, 3];
    private const int Batch = 50_000;
    private const int Repeats = 11;

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
        var buffers = products.Select(p => (A: RandomArray(p.M * p.K, rng), B: RandomArray(p.K * p.N, rng), C: RandomArray(p.M * p.N, rng))).ToArray();
        OpenBlas? blas = OpenBlas.TryLoad();

        // The machine is shared, so (b), our GEMMs and (c) are interleaved within each repeat and ratios are taken
        // per repeat; each time is kept as wall clock and as this thread's CPU time (which leaves out descheduling).
        var full = new (double Wall, double Cpu)[Repeats + 1];
        var forward = new (double Wall, double Cpu)[Repeats + 1];
        var fisher = new (double Wall, double Cpu)[Repeats + 1];
        float[] tangent = RandomArray(parameters.Count, rng);
        var jv = new float[Batch * Sizes[^1]];
        var ours = new (double Wall, double Cpu)[Repeats + 1, products.Length];
        var theirs = new (double Wall, double Cpu)[Repeats + 1, products.Length];
        for (int r = 0; r <= Repeats; r++)
        {
            full[r] = ThreadClock.Measure(() =>
            {
                mlp.Forward(ws, input, Batch);
                mlp.Backward(ws, outputGrad, parameters.Gradient.Span);
            });
            forward[r] = ThreadClock.Measure(() => mlp.Forward(ws, input, Batch));
            fisher[r] = ThreadClock.Measure(() =>
            {
                mlp.Jvp(ws, tangent).CopyTo(jv);
                mlp.Backward(ws, jv, parameters.Gradient.Span);
            });
            for (int i = 0; i < products.Length; i++)
            {
                var (p, buf) = (products[i], buffers[i]);
                ours[r, i] = ThreadClock.Measure(() => RunOurs(p, buf));
                if (blas is not null)
                    theirs[r, i] = ThreadClock.Measure(() => blas.Sgemm(p.TransA, p.TransB, p.M, p.N, p.K, buf.A, buf.B, p.Accumulate ? 1f : 0f, buf.C));
            }
        }
        // Repeat 0 is the warm-up (JIT tiers, page faults) and is dropped.
        var runs = Enumerable.Range(1, Repeats).ToArray();
        var b = runs.Select(r => full[r]).ToArray();
        var f = runs.Select(r => forward[r]).ToArray();
        var g = runs.Select(r => Sum(ours, r)).ToArray();
        Console.WriteLine($"(b) batch {Batch} forward+backward: {Format(b)} -> {Gflops(flops, Median(b, true)):F1} GFLOP/s " +
            $"({flops / 1e9:F2} GFLOP in its GEMMs); forward alone {Format(f)}");
        Console.WriteLine($"    Jvp + Backward (the MLP part of one Fisher-vector product, same batch): {Format(runs.Select(r => fisher[r]).ToArray())}");
        Console.WriteLine($"    Apprentice Gemm alone on the same products: {Format(g)} -> {Gflops(flops, Median(g, true)):F1} GFLOP/s");
        if (blas is null)
        {
            Console.WriteLine($"(c) skipped: {OpenBlas.LibraryName} not found; install it with 'apt-get install {OpenBlas.Package}'");
            return;
        }
        var c = runs.Select(r => Sum(theirs, r)).ToArray();
        Console.WriteLine($"(c) OpenBLAS cblas_sgemm, 1 thread, same products: {Format(c)} -> {Gflops(flops, Median(c, true)):F1} GFLOP/s");
        Console.WriteLine($"    [{blas.Config}]");
        Console.WriteLine($"    ratio (b)/(c): wall {RatioText(b, c, false)}, cpu {RatioText(b, c, true)}");
        Console.WriteLine($"    ratio Gemm alone/(c): wall {RatioText(g, c, false)}, cpu {RatioText(g, c, true)}");
        Console.WriteLine("    per product, median cpu ms (GFLOP/s): Apprentice Gemm | OpenBLAS");
        for (int i = 0; i < products.Length; i++)
        {
            var p = products[i];
            double o = Median(runs.Select(r => ours[r, i]).ToArray(), true);
            double t = Median(runs.Select(r => theirs[r, i]).ToArray(), true);
            Console.WriteLine($"      {p.Name,-5} {(p.TransA ? "T" : "N")}{(p.TransB ? "T" : "N")} m={p.M,-6} n={p.N,-4} k={p.K,-6}" +
                $" {o,8:F3} ({Gflops(p.Flops, o),5:F1}) | {t,8:F3} ({Gflops(p.Flops, t),5:F1})");
        }
        var square = (A: RandomArray(1024 * 1024, rng), B: RandomArray(1024 * 1024, rng), C: new float[1024 * 1024]);
        var sq = new Product("square", false, false, 1024, 1024, 1024, false);
        var sqOurs = Enumerable.Range(0, 5).Select(_ => ThreadClock.Measure(() => RunOurs(sq, square))).ToArray();
        var sqTheirs = Enumerable.Range(0, 5).Select(_ => ThreadClock.Measure(() =>
            blas.Sgemm(false, false, 1024, 1024, 1024, square.A, square.B, 0f, square.C))).ToArray();
        Console.WriteLine($"    reference 1024^3 NN (cpu): Apprentice {Gflops(sq.Flops, Median(sqOurs, true)):F1} GFLOP/s, " +
            $"OpenBLAS {Gflops(sq.Flops, Median(sqTheirs, true)):F1} GFLOP/s");
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
            $"(wall, {perCall.Length} chunks of {chunk} calls; {allocated} bytes allocated; checksum {sink:G3})");
    }

    /// <summary>The GEMMs of one forward (bias and tanh fused, the product itself C += A·B) and one backward without input gradient.</summary>
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

    private static (double Wall, double Cpu) Sum((double Wall, double Cpu)[,] times, int r)
    {
        double wall = 0, cpu = 0;
        for (int i = 0; i < times.GetLength(1); i++)
        {
            wall += times[r, i].Wall;
            cpu += times[r, i].Cpu;
        }
        return (wall, cpu);
    }

    private static double Median((double Wall, double Cpu)[] times, bool cpu)
    {
        double[] sorted = [.. times.Select(t => cpu ? t.Cpu : t.Wall).Order()];
        return sorted[sorted.Length / 2];
    }

    private static string Format((double Wall, double Cpu)[] times) =>
        $"wall median {Median(times, false):F2} ms (min {times.Min(t => t.Wall):F2}), cpu median {Median(times, true):F2} ms";

    private static string RatioText((double Wall, double Cpu)[] x, (double Wall, double Cpu)[] y, bool cpu)
    {
        double[] ratios = [.. x.Zip(y, (a, b) => cpu ? a.Cpu / b.Cpu : a.Wall / b.Wall).Order()];
        return $"{ratios[ratios.Length / 2]:F2} (range {ratios[0]:F2}-{ratios[^1]:F2})";
    }

    private static double Gflops(double flops, double ms) => flops / (ms * 1e6);

    private static float[] RandomArray(int length, Rng rng)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)rng.Uniform(-1, 1);
        return a;
    }
}
