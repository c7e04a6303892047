using Apprentice.Envs;
using Apprentice.Policies;

namespace Apprentice.Imitation;

/// <summary>
/// The state-action features of the paper's linear-cost baselines, as the authors' <c>LinearReward</c> builds
/// them. Inputs are standardised with the expert's statistics (fixed after construction). Continuous actions:
/// φ = [ŝ, â, (0.01ŝ)², (0.01â)², 1]. Discrete actions: one block [ŝ, (0.01ŝ)²] per action, filled only in the
/// taken action's block, then a constant 1.
/// </summary>
public sealed class LinearFeatures
{
    private const float SquareScale = 0.01f;
    private readonly int _obsSize, _actSize, _actionCount;
    private readonly bool _discrete;
    private readonly RunningStandardizer _standardizer;
    private float[] _raw = [], _standardized = [];

    public LinearFeatures(Space actionSpace, ExpertPairs expert)
    {
        _obsSize = expert.ObservationSize;
        _actSize = expert.ActionSize;
        _discrete = actionSpace is Discrete;
        _actionCount = actionSpace is Discrete d ? d.N : 0;
        int inputSize = _discrete ? _obsSize : _obsSize + _actSize;
        Size = _discrete ? _actionCount * 2 * _obsSize + 1 : 2 * inputSize + 1;
        _standardizer = new RunningStandardizer(inputSize);
        _standardizer.Update(Input(expert.Observations, expert.Actions, expert.Count));
    }

    /// <summary>Features per pair.</summary>
    public int Size { get; }

    /// <summary>features [count × Size] of the pairs.</summary>
    public void Compute(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count, Span<float> features)
    {
        Guard.Length<float>(features, count * Size, nameof(features));
        int width = _discrete ? _obsSize : _obsSize + _actSize;
        if (_standardized.Length < count * width) _standardized = new float[count * width];
        Span<float> x = _standardized.AsSpan(0, count * width);
        _standardizer.Standardize(Input(observations, actions, count), x);
        features.Clear();
        for (int i = 0; i < count; i++)
        {
            Span<float> row = features.Slice(i * Size, Size);
            ReadOnlySpan<float> xi = x.Slice(i * width, width);
            Span<float> block = _discrete ? row.Slice((int)actions[i] * 2 * width, 2 * width) : row[..(2 * width)];
            for (int j = 0; j < width; j++)
            {
                block[j] = xi[j];
                float scaled = SquareScale * xi[j];
                block[width + j] = scaled * scaled;
            }
            row[Size - 1] = 1f;
        }
    }

    /// <summary>
    /// What feature <paramref name="j"/> is, in the terms of the env's vectors: <c>obs[3]</c>, <c>(0.01 act[0])²</c>,
    /// <c>obs[1] with action 2</c> (a discrete action's block), <c>1</c>; by the task's names instead when it gives
    /// them (<see cref="IObservationNames"/>, <see cref="IActionNames"/>): <c>velocity with action 2
    /// (accelerate_right)</c>, <c>(0.01 ctrl.abdomen_y)²</c>.
    /// </summary>
    public string Name(int j, IReadOnlyList<string>? observationNames = null, IReadOnlyList<string>? actionNames = null)
    {
        if ((uint)j >= (uint)Size) throw new ArgumentOutOfRangeException(nameof(j), j, $"features run from 0 to {Size - 1}");
        if (j == Size - 1) return "1";
        int width = _discrete ? _obsSize : _obsSize + _actSize;
        int inBlock = j % (2 * width), input = inBlock % width;
        if (actionNames?.Count != (_discrete ? _actionCount : _actSize)) actionNames = null;
        string name = input >= _obsSize ? actionNames?[input - _obsSize] ?? $"act[{input - _obsSize}]"
            : observationNames?.Count == _obsSize ? observationNames[input] : $"obs[{input}]";
        if (inBlock >= width) name = $"(0.01 {name})²";
        if (!_discrete) return name;
        int action = j / (2 * width);
        return actionNames is null ? $"{name} with action {action}" : $"{name} with action {action} ({actionNames[action]})";
    }

    /// <summary>Feature expectation: mean[j] = (1/count) Σ_i φ_j(s_i, a_i), accumulated in double.</summary>
    public void Mean(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count, Span<double> mean)
    {
        Guard.Positive(count, nameof(count));
        Guard.Length<double>(mean, Size, nameof(mean));
        var features = new float[count * Size];
        Compute(observations, actions, count, features);
        mean.Clear();
        for (int i = 0; i < count; i++)
        for (int j = 0; j < Size; j++)
            mean[j] += features[i * Size + j];
        for (int j = 0; j < Size; j++) mean[j] /= count;
    }

    private ReadOnlySpan<float> Input(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count)
    {
        Guard.Length(observations, count * _obsSize, nameof(observations));
        Guard.Length(actions, count * _actSize, nameof(actions));
        if (_discrete)
        {
            for (int i = 0; i < count; i++)
            {
                int a = (int)actions[i];
                if (a != actions[i] || a < 0 || a >= _actionCount)
                    throw new ArgumentException($"action {actions[i]} is not an integer in [0, {_actionCount})");
            }
            return observations;
        }
        int width = _obsSize + _actSize;
        if (_raw.Length < count * width) _raw = new float[count * width];
        for (int i = 0; i < count; i++)
        {
            observations.Slice(i * _obsSize, _obsSize).CopyTo(_raw.AsSpan(i * width, _obsSize));
            actions.Slice(i * _actSize, _actSize).CopyTo(_raw.AsSpan(i * width + _obsSize, _actSize));
        }
        return _raw.AsSpan(0, count * width);
    }
}
