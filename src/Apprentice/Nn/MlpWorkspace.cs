namespace Apprentice.Nn;

/// <summary>
/// Per-thread scratch for one <see cref="Mlp"/>: every layer's output from the last forward pass (kept for
/// backward and Jacobian-vector products) and the buffers those passes need. Sized for a batch once and grown
/// (the only allocation) when a larger batch arrives. Not thread-safe: one workspace per thread.
/// </summary>
public sealed class MlpWorkspace
{
    private readonly int[] _sizes;
    private readonly int _maxWidth;
    private float[][] _activations;
    private float[] _bufferA;
    private float[] _bufferB;
    private readonly double[] _columnSums;
    private readonly float[] _blockSums;

    internal MlpWorkspace(Mlp owner, int[] sizes, int capacity)
    {
        Owner = owner;
        _sizes = sizes;
        _maxWidth = sizes.Max();
        _activations = [];
        _bufferA = _bufferB = [];
        _columnSums = new double[_maxWidth];
        _blockSums = new float[_maxWidth];
        Allocate(Math.Max(capacity, 1));
    }

    internal Mlp Owner { get; }

    internal int MaxWidth => _maxWidth;

    /// <summary>The largest batch the buffers hold without growing.</summary>
    public int Capacity { get; private set; }

    /// <summary>Rows in the last forward pass; 0 before any.</summary>
    public int Batch { get; internal set; }

    internal void EnsureCapacity(int batch)
    {
        if (batch > Capacity) Allocate(Math.Max(batch, 2 * Capacity));
    }

    /// <summary>Layer l's output (l = 0: the input copy), [Batch × sizes[l]].</summary>
    internal Span<float> Activation(int layer) => _activations[layer].AsSpan(0, Batch * _sizes[layer]);

    internal Span<float> BufferA(int width) => _bufferA.AsSpan(0, Batch * width);

    internal Span<float> BufferB(int width) => _bufferB.AsSpan(0, Batch * width);

    internal Span<double> ColumnSums(int width) => _columnSums.AsSpan(0, width);

    internal Span<float> BlockSums(int width) => _blockSums.AsSpan(0, width);

    private void Allocate(int capacity)
    {
        _activations = new float[_sizes.Length][];
        for (int l = 0; l < _sizes.Length; l++) _activations[l] = new float[capacity * _sizes[l]];
        _bufferA = new float[capacity * _maxWidth];
        _bufferB = new float[capacity * _maxWidth];
        Capacity = capacity;
        Batch = 0;
    }
}
