using Apprentice.Nn;

namespace Apprentice.Policies;

/// <summary>Per-thread buffers for one <see cref="MlpPolicy"/>: standardised inputs, the network's activations, distribution parameters.</summary>
public sealed class PolicyWorkspace
{
    private float[] _input;
    private float[] _distribution;
    private float[] _outputGrad;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly int _distributionSize;

    internal PolicyWorkspace(MlpWorkspace network, int inputSize, int outputSize, int distributionSize, int capacity)
    {
        Network = network;
        _inputSize = inputSize;
        _outputSize = outputSize;
        _distributionSize = distributionSize;
        _input = new float[capacity * inputSize];
        _distribution = new float[capacity * distributionSize];
        _outputGrad = [];
    }

    internal MlpWorkspace Network { get; }

    /// <summary>Rows of the last forward pass.</summary>
    public int Batch { get; internal set; }

    internal Span<float> Input(int batch)
    {
        if (_input.Length < batch * _inputSize) _input = new float[batch * _inputSize];
        return _input.AsSpan(0, batch * _inputSize);
    }

    internal Span<float> OutputGrad(int batch)
    {
        if (_outputGrad.Length < batch * _outputSize) _outputGrad = new float[batch * _outputSize];
        return _outputGrad.AsSpan(0, batch * _outputSize);
    }

    internal Span<float> Distribution(int batch)
    {
        if (_distribution.Length < batch * _distributionSize) _distribution = new float[batch * _distributionSize];
        return _distribution.AsSpan(0, batch * _distributionSize);
    }
}
