using System.Globalization;
using Apprentice.Envs;
using Apprentice.Nn;

namespace Apprentice.Imitation;

/// <summary>
/// A linear reward r(s, a) = φ(s, a)·w / dim φ, refitted from feature expectations, with the authors' sign shift:
/// the reward is offset by the running extreme it has reached so it stays ≥ 0 (<see cref="RewardSign.Positive"/>)
/// or ≤ 0 (<see cref="RewardSign.Negative"/>), the same sign choice as GAIL's. <see cref="Fem"/> and
/// <see cref="Gtal"/> differ only in how the next w is chosen.
/// </summary>
public abstract class LinearCost : IRewardLearner
{
    private readonly RewardSign _sign;
    private float[] _features = [];
    private double[] _raw = [];

    private protected LinearCost(Space actionSpace, ExpertPairs expert, RewardSign sign, bool doubled)
    {
        Features = new LinearFeatures(actionSpace, expert);
        _sign = sign;
        Doubled = doubled;
        ExpertExpectation = new double[Dimension];
        Expectation(expert.Observations, expert.Actions, expert.Count, ExpertExpectation);
        Weights = new double[Dimension];
    }

    public LinearFeatures Features { get; }

    /// <summary>GTAL plays over [φ, −φ] so that its adversary can pick either sign of each feature.</summary>
    public bool Doubled { get; }

    /// <summary>Length of the (possibly doubled) feature vector.</summary>
    public int Dimension => Doubled ? 2 * Features.Size : Features.Size;

    /// <summary>μ_E: the expert's feature expectation, from all its pairs.</summary>
    public double[] ExpertExpectation { get; }

    /// <summary>Current w (dimension <see cref="Dimension"/>).</summary>
    public double[] Weights { get; }

    /// <summary>The coordinate of w with the largest magnitude: GTAL's one feature, FEM's heaviest.</summary>
    public int Strongest
    {
        get
        {
            int strongest = 0;
            for (int i = 1; i < Weights.Length; i++)
                if (Math.Abs(Weights[i]) > Math.Abs(Weights[strongest])) strongest = i;
            return strongest;
        }
    }

    /// <summary>
    /// The feature w's coordinate <paramref name="i"/> rewards, by name (<see cref="LinearFeatures.Name"/>), with a
    /// "−" when it rewards the feature's negative: GTAL's doubled half, or a negative FEM weight.
    /// </summary>
    public string WeightName(int i, IReadOnlyList<string>? observationNames = null, IReadOnlyList<string>? actionNames = null)
    {
        if ((uint)i >= (uint)Dimension) throw new ArgumentOutOfRangeException(nameof(i), i, $"w has {Dimension} coordinates");
        bool negated = i >= Features.Size ^ Weights[i] < 0;
        string name = Features.Name(i % Features.Size, observationNames, actionNames);
        return negated ? "−" + name : name;
    }

    /// <summary>The running extreme the rewards are shifted by.</summary>
    public double Bound { get; private set; }

    public void Rewards(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, Span<float> rewards)
    {
        int count = rewards.Length, size = Features.Size;
        if (_features.Length < count * size) _features = new float[count * size];
        if (_raw.Length < count) _raw = new double[count];
        Span<float> features = _features.AsSpan(0, count * size);
        Features.Compute(observations, actions, count, features);
        double extreme = _sign == RewardSign.Positive ? double.MaxValue : double.MinValue;
        for (int i = 0; i < count; i++)
        {
            double r = 0;
            for (int j = 0; j < size; j++)
            {
                r += features[i * size + j] * Weights[j];
                if (Doubled) r -= features[i * size + j] * Weights[size + j];
            }
            r /= Dimension;
            _raw[i] = r;
            extreme = _sign == RewardSign.Positive ? Math.Min(extreme, r) : Math.Max(extreme, r);
        }
        Bound = _sign == RewardSign.Positive ? Math.Min(Bound, extreme) : Math.Max(Bound, extreme);
        for (int i = 0; i < count; i++) rewards[i] = (float)(_raw[i] - Bound); // shift in double: the extreme lands exactly on 0
    }

    /// <summary>Refits w from the policy's feature expectation (the expert's was fixed at construction, so the draw is unused).</summary>
    public RewardUpdate Update(ReadOnlySpan<float> policyObservations, ReadOnlySpan<float> policyActions, int policyCount,
        ExpertPairs expert, ReadOnlySpan<int> expertDraws, Span<float> policyRewards)
    {
        var policy = new double[Dimension];
        Expectation(policyObservations, policyActions, policyCount, policy);
        var update = new RewardUpdate(ChooseWeights(policy), double.NaN, double.NaN);
        Rewards(policyObservations, policyActions, policyRewards);
        return update;
    }

    /// <summary>Sets <see cref="Weights"/> from the policy's feature expectation; returns the loss to report.</summary>
    private protected abstract double ChooseWeights(double[] policyExpectation);

    private void Expectation(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count, double[] destination)
    {
        int size = Features.Size;
        Features.Mean(observations, actions, count, destination.AsSpan(0, size));
        if (Doubled)
            for (int j = 0; j < size; j++) destination[size + j] = -destination[j];
    }

    public void Save(string path, string envId) => Safetensors.Write(path,
        [new Tensor("weights", Weights.Select(w => (float)w).ToArray())],
        new Dictionary<string, string>
        {
            ["format"] = "apprentice.linear-cost/1",
            ["env_id"] = envId,
            ["kind"] = GetType().Name.ToLowerInvariant(),
            ["weights"] = string.Join(',', Weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture))),
            ["bound"] = Bound.ToString("R", CultureInfo.InvariantCulture),
        });

    public void Load(string path)
    {
        var (_, metadata) = Safetensors.Read(path);
        string context = $"'{path}' is not a usable {GetType().Name} cost file";
        try
        {
            double[] weights = (metadata.GetValueOrDefault("weights") ?? throw new FormatException("no weights"))
                .Split(',').Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            if (weights.Length != Dimension) throw new FormatException($"{weights.Length} weights, expected {Dimension}");
            weights.CopyTo(Weights, 0);
            Bound = double.Parse(metadata.GetValueOrDefault("bound") ?? throw new FormatException("no bound"), CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw new InputException($"{context}: {ex.Message}");
        }
    }
}
