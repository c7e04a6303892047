using System.Diagnostics;

namespace Apprentice.Nn;

/// <summary>
/// Fully connected network x → f(x W₀ + b₀) → … → x W_L + b_L: hidden activation f (tanh by default), identity
/// output. Rows are samples: input [batch × sizes[0]], output [batch × sizes[^1]].
/// <para>
/// Parameters live in caller-provided memory (one slice of a <see cref="ParameterVector"/>), laid out layer by
/// layer as W_l [in × out] row-major followed by b_l [out]. Weights are stored input-major so the forward pass
/// is a plain A·B and batch 1 is a row-times-matrix sweep over contiguous rows.
/// </para>
/// <para>
/// The network itself holds no per-call state: forward passes write into an <see cref="MlpWorkspace"/>, one
/// per thread, so several threads can run one <see cref="Mlp"/> at once (while nobody writes its parameters).
/// </para>
/// </summary>
public sealed class Mlp
{
    private const int SumBlock = 256;

    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly Memory<float> _parameters;

    /// <param name="sizes">Layer widths, input first, output last, e.g. [11, 100, 100, 3]; at least two.</param>
    /// <param name="parameters">Exactly <see cref="ParameterCount(IReadOnlyList{int})"/> floats; not copied.</param>
    /// <param name="hidden">Activation after every layer but the last.</param>
    public Mlp(IReadOnlyList<int> sizes, Memory<float> parameters, Activation hidden = Activation.Tanh)
    {
        int count = ParameterCount(sizes);
        if (parameters.Length != count)
            throw new ArgumentException(
                $"parameters has length {parameters.Length}, expected {count} for sizes [{string.Join(", ", sizes)}]",
                nameof(parameters));
        if (!Enum.IsDefined(hidden))
            throw new ArgumentOutOfRangeException(nameof(hidden), hidden, $"unknown activation {hidden}");
        _sizes = [.. sizes];
        _parameters = parameters;
        Hidden = hidden;
        _weightOffsets = new int[Layers];
        _biasOffsets = new int[Layers];
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            _weightOffsets[l] = offset;
            offset += _sizes[l] * _sizes[l + 1];
            _biasOffsets[l] = offset;
            offset += _sizes[l + 1];
        }
    }

    /// <summary>Number of floats the parameters of an MLP with these layer widths take.</summary>
    public static int ParameterCount(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
            throw new ArgumentException($"an MLP needs at least an input and an output size, got {sizes.Count} sizes", nameof(sizes));
        long count = 0;
        for (int l = 0; l < sizes.Count; l++)
        {
            if (sizes[l] <= 0)
                throw new ArgumentException($"layer sizes must be positive, got [{string.Join(", ", sizes)}]", nameof(sizes));
            if (l > 0) count += (long)sizes[l - 1] * sizes[l] + sizes[l];
        }
        if (count > int.MaxValue) throw new ArgumentException($"{count} parameters exceed 2^31", nameof(sizes));
        return (int)count;
    }

    public IReadOnlyList<int> Sizes => _sizes;

    public int InputSize => _sizes[0];

    public int OutputSize => _sizes[^1];

    public int Layers => _sizes.Length - 1;

    public Activation Hidden { get; }

    /// <summary>The parameter memory this network reads (and <see cref="Initialize"/> writes).</summary>
    public Memory<float> Parameters => _parameters;

    /// <summary>Offset of layer l's weights W_l [in × out] in the parameter vector.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Offset of layer l's biases b_l [out] in the parameter vector.</summary>
    public int BiasOffset(int layer) => _biasOffsets[layer];

    /// <summary>
    /// Glorot/Xavier-uniform weights, U(±√(6 / (in + out))) (Glorot &amp; Bengio 2010), zero biases; the last
    /// layer's weights are multiplied by <paramref name="outputScale"/> (e.g. 0.01 so a policy starts near its mean).
    /// </summary>
    public void Initialize(Rng rng, float outputScale = 1f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Span<float> p = _parameters.Span;
        for (int l = 0; l < Layers; l++)
        {
            int fanIn = _sizes[l], fanOut = _sizes[l + 1];
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            double scale = l == Layers - 1 ? outputScale : 1.0;
            Span<float> w = p.Slice(_weightOffsets[l], fanIn * fanOut);
            for (int i = 0; i < w.Length; i++) w[i] = (float)(scale * rng.Uniform(-limit, limit));
            p.Slice(_biasOffsets[l], fanOut).Clear();
        }
    }

    /// <summary>A workspace for this network with buffers for <paramref name="maxBatch"/> rows.</summary>
    public MlpWorkspace CreateWorkspace(int maxBatch = 1)
    {
        Guard.Positive(maxBatch, nameof(maxBatch));
        return new MlpWorkspace(this, _sizes, maxBatch);
    }

    /// <summary>
    /// Runs the network on a batch and keeps every layer's output in <paramref name="workspace"/>.
    /// Allocation-free unless the batch exceeds the workspace's capacity.
    /// </summary>
    /// <param name="input">[batch × InputSize], row-major.</param>
    /// <returns>[batch × OutputSize], valid until the workspace's next forward pass.</returns>
    public ReadOnlySpan<float> Forward(MlpWorkspace workspace, ReadOnlySpan<float> input, int batch)
    {
        CheckWorkspace(workspace);
        Guard.Positive(batch, nameof(batch));
        Guard.Length(input, batch * InputSize, nameof(input));
        workspace.EnsureCapacity(batch);
        workspace.Batch = batch;
        ReadOnlySpan<float> p = _parameters.Span;
        input.CopyTo(workspace.Activation(0));
        for (int l = 0; l < Layers; l++)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            Gemm.MultiplyAddBias(batch, nIn, nOut, workspace.Activation(l), p.Slice(_weightOffsets[l], nIn * nOut),
                p.Slice(_biasOffsets[l], nOut), l < Layers - 1 ? Hidden : Activation.Identity, workspace.Activation(l + 1));
        }
        Debug.Assert(IsFinite(workspace.Activation(Layers)), "Mlp.Forward produced NaN or infinity");
        return workspace.Activation(Layers);
    }

    /// <summary>
    /// Backpropagates <paramref name="outputGrad"/> = ∂loss/∂output through the last forward pass on
    /// <paramref name="workspace"/>. <b>Adds</b> ∂loss/∂θ into <paramref name="parameterGrad"/> (zero it first for a
    /// plain gradient) and, when <paramref name="inputGrad"/> is non-empty, writes ∂loss/∂input there.
    /// Sums over the batch are blocked: bias sums run in float over 256 rows and in double across blocks; weight
    /// sums likewise in float over 256-row K-blocks of the GEMM.
    /// </summary>
    /// <param name="outputGrad">[batch × OutputSize].</param>
    /// <param name="parameterGrad">[ParameterCount], same layout as the parameters.</param>
    /// <param name="inputGrad">[batch × InputSize], or empty to skip.</param>
    public void Backward(MlpWorkspace workspace, ReadOnlySpan<float> outputGrad, Span<float> parameterGrad,
        Span<float> inputGrad = default)
    {
        int batch = CheckForwardRan(workspace);
        Guard.Length(outputGrad, batch * OutputSize, nameof(outputGrad));
        Guard.Length((ReadOnlySpan<float>)parameterGrad, _parameters.Length, nameof(parameterGrad));
        if (!inputGrad.IsEmpty) Guard.Length((ReadOnlySpan<float>)inputGrad, batch * InputSize, nameof(inputGrad));
        ReadOnlySpan<float> p = _parameters.Span;
        ReadOnlySpan<float> delta = outputGrad;
        // outputGrad may be this workspace's own Jvp result (J^T J v): then start in the other scratch buffer.
        bool useA = !outputGrad.Overlaps(workspace.BufferA(workspace.MaxWidth));
        for (int l = Layers - 1; l >= 0; l--)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            ReadOnlySpan<float> x = workspace.Activation(l);
            Gemm.MultiplyTransposeA(nIn, batch, nOut, x, delta, parameterGrad.Slice(_weightOffsets[l], nIn * nOut),
                accumulate: true);
            AddColumnSums(workspace, delta, batch, nOut, parameterGrad.Slice(_biasOffsets[l], nOut));
            if (l == 0 && inputGrad.IsEmpty) break;
            Span<float> next = l == 0 ? inputGrad : useA ? workspace.BufferA(nIn) : workspace.BufferB(nIn);
            ReadOnlySpan<float> w = p.Slice(_weightOffsets[l], nIn * nOut);
            if (l > 0) Gemm.MultiplyTransposeBActivationBackward(batch, nOut, nIn, delta, w, x, Hidden, next);
            else Gemm.MultiplyTransposeB(batch, nOut, nIn, delta, w, next);
            delta = next;
            useA = !useA;
        }
        Debug.Assert(IsFinite(parameterGrad), "Mlp.Backward produced a NaN or infinite parameter gradient");
    }

    /// <summary>
    /// Forward-mode derivative (R-op, Pearlmutter 1994) of the output of the last forward pass in parameter
    /// direction v: J·v with J = ∂output/∂θ, from the activations kept by <see cref="Forward"/>. With
    /// <see cref="Backward"/> (Jᵀ·u) it gives Fisher-vector products Jᵀ M J v in two passes.
    /// Overwrites the workspace's scratch buffers but not the stored activations.
    /// </summary>
    /// <param name="parameterTangent">v, [ParameterCount], same layout as the parameters.</param>
    /// <returns>[batch × OutputSize], valid until the workspace is used again.</returns>
    public ReadOnlySpan<float> Jvp(MlpWorkspace workspace, ReadOnlySpan<float> parameterTangent)
    {
        int batch = CheckForwardRan(workspace);
        Guard.Length(parameterTangent, _parameters.Length, nameof(parameterTangent));
        ReadOnlySpan<float> p = _parameters.Span;
        ReadOnlySpan<float> v = parameterTangent;
        Span<float> tangent = default;
        bool useA = true;
        for (int l = 0; l < Layers; l++)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            Span<float> next = useA ? workspace.BufferA(nOut) : workspace.BufferB(nOut);
            // ż_l = ẋ_l W_l + x_l V_l + v_b, with ẋ_0 = 0 (inputs do not depend on θ); ẋ_{l+1} = f'(z_l) ⊙ ż_l,
            // the f' factor applied inside the layer's last product.
            ReadOnlySpan<float> x = workspace.Activation(l);
            ReadOnlySpan<float> vw = v.Slice(_weightOffsets[l], nIn * nOut);
            Activation derivative = l < Layers - 1 ? Hidden : Activation.Identity;
            if (l == 0)
            {
                Gemm.MultiplyActivationBackward(batch, nIn, nOut, x, vw, workspace.Activation(l + 1), derivative, next,
                    accumulate: false, v.Slice(_biasOffsets[l], nOut));
            }
            else
            {
                Gemm.MultiplyAddBias(batch, nIn, nOut, x, vw, v.Slice(_biasOffsets[l], nOut), Activation.Identity, next);
                Gemm.MultiplyActivationBackward(batch, nIn, nOut, tangent, p.Slice(_weightOffsets[l], nIn * nOut),
                    workspace.Activation(l + 1), derivative, next, accumulate: true);
            }
            tangent = next;
            useA = !useA;
        }
        return tangent;
    }

    private static bool IsFinite(ReadOnlySpan<float> values)
    {
        foreach (float x in values)
            if (!float.IsFinite(x)) return false;
        return true;
    }

    private void CheckWorkspace(MlpWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Owner, this))
            throw new ArgumentException("workspace belongs to another Mlp; create one with mlp.CreateWorkspace", nameof(workspace));
    }

    private int CheckForwardRan(MlpWorkspace workspace)
    {
        CheckWorkspace(workspace);
        if (workspace.Batch == 0)
            throw new InvalidOperationException("no forward pass on this workspace; call Forward first");
        return workspace.Batch;
    }

    /// <summary>sums[j] += Σ_r m[r, j]: float within blocks of 256 rows, double across blocks.</summary>
    private static void AddColumnSums(MlpWorkspace workspace, ReadOnlySpan<float> m, int rows, int width, Span<float> sums)
    {
        Span<double> total = workspace.ColumnSums(width);
        Span<float> block = workspace.BlockSums(width);
        total.Clear();
        for (int r0 = 0; r0 < rows; r0 += SumBlock)
        {
            int r1 = Math.Min(rows, r0 + SumBlock);
            m.Slice(r0 * width, width).CopyTo(block);
            for (int r = r0 + 1; r < r1; r++) System.Numerics.Tensors.TensorPrimitives.Add(block, m.Slice(r * width, width), block);
            for (int j = 0; j < width; j++) total[j] += block[j];
        }
        for (int j = 0; j < width; j++) sums[j] = (float)(sums[j] + total[j]);
    }
}
