using System.Globalization;
using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Imitation;

/// <summary>
/// GAIL's discriminator (Ho &amp; Ermon 2016, Eq. 17), as the authors' <c>TransitionClassifier</c>: a tanh MLP on
/// standardised inputs giving a score (logit) per state-action pair, expert labelled 1 and policy 0. For
/// continuous actions the input is concat(s, a) and there is one output; for discrete actions the input is s
/// and there is one output per action, of which the taken action's is the score. Each update is one Adam step
/// on the logistic loss with both classes weighted equally, minus a small bonus for the classifier's Bernoulli
/// entropy (which keeps scores from saturating).
/// </summary>
public sealed class Discriminator : IRewardLearner
{
    private readonly bool _discrete;
    private readonly int _obsSize, _actSize, _inputSize;
    private readonly double _entropyWeight;
    private readonly Adam _adam;
    private readonly MlpWorkspace _ws;
    private float[] _raw = [], _input = [], _scores = [], _outputGrad = [], _observations = [], _actions = [];
    private int[] _repeats = [];
    private int _lastPolicyCount, _lastTotal; // the rows of _scores and _repeats the last Update left

    public Discriminator(int observationSize, Space actionSpace, IReadOnlyList<int> hiddenSizes, Rng rng,
        RewardSign sign, double learningRate = 0.01, double entropyWeight = 0.001)
    {
        _discrete = actionSpace is Discrete;
        _obsSize = observationSize;
        _actSize = actionSpace.FlatSize;
        _inputSize = _discrete ? observationSize : observationSize + _actSize;
        int outputs = actionSpace is Discrete d ? d.N : 1;
        int[] sizes = [_inputSize, .. hiddenSizes, outputs];
        Parameters = new ParameterVector(Mlp.ParameterCount(sizes));
        Network = new Mlp(sizes, Parameters.Values);
        Network.Initialize(rng, outputScale: 0f);
        InputNormalizer = new RunningStandardizer(_inputSize);
        Sign = sign;
        _entropyWeight = entropyWeight;
        _adam = new Adam(Parameters.Count, learningRate);
        _ws = Network.CreateWorkspace();
    }

    public Mlp Network { get; }

    public ParameterVector Parameters { get; }

    /// <summary>Standardises the network input (s, or concat(s, a)); fed with expert data first, then every update's pairs.</summary>
    public RunningStandardizer InputNormalizer { get; }

    public RewardSign Sign { get; }

    /// <summary>scores[i] = the logit that pair i is the expert's; observations [batch × n], actions [batch × a].</summary>
    public void Scores(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, Span<float> scores)
    {
        int batch = scores.Length;
        ReadOnlySpan<float> output = Network.Forward(_ws, BuildInput(observations, actions, batch), batch);
        int k = Network.OutputSize;
        for (int i = 0; i < batch; i++) scores[i] = _discrete ? output[i * k + (int)actions[i]] : output[i];
    }

    /// <summary>The policy's reward for each pair, by <see cref="Sign"/>: −log(1 − σ(s)) = softplus(s), or log σ(s) = −softplus(−s).</summary>
    public void Rewards(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, Span<float> rewards)
    {
        Scores(observations, actions, rewards);
        for (int i = 0; i < rewards.Length; i++) rewards[i] = Reward(rewards[i]);
    }

    /// <summary>Folds pairs into the input statistics (the authors start them from the expert data).</summary>
    public void UpdateNormalizer(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count)
    {
        if (_discrete) InputNormalizer.Update(observations[..(count * _obsSize)]);
        else InputNormalizer.Update(Concatenate(observations, actions, count));
    }

    /// <summary>
    /// One update on B policy pairs (label 0, weight 1/B each) and E drawn expert pairs (label 1, weight 1/E each):
    /// the input statistics take both sets, then one Adam step on
    /// Σ_i w_i·[CE(σ(s_i), y_i) − entropyWeight·H(σ(s_i))]. A pair drawn c times enters once with weight c/E,
    /// which is the same loss and gradient for the cost of the distinct pairs only.
    /// </summary>
    public RewardUpdate Update(ReadOnlySpan<float> policyObservations, ReadOnlySpan<float> policyActions, int policyCount,
        ExpertPairs expert, ReadOnlySpan<int> expertDraws, Span<float> policyRewards)
    {
        Guard.Positive(policyCount, nameof(policyCount));
        Guard.Length(expertDraws, expert.Count, nameof(expertDraws));
        Guard.Length<float>(policyRewards, policyCount, nameof(policyRewards));
        int distinct = 0;
        long expertCount = 0;
        foreach (int c in expertDraws)
        {
            distinct += c > 0 ? 1 : 0;
            expertCount += c;
        }
        if (expertCount == 0) throw new ArgumentException("no expert pair was drawn", nameof(expertDraws));

        // Rows: the policy's pairs, then each distinct drawn expert pair once.
        int total = policyCount + distinct;
        Ensure(ref _observations, total * _obsSize);
        Ensure(ref _actions, total * _actSize);
        Ensure(ref _repeats, distinct);
        Span<float> observations = _observations.AsSpan(0, total * _obsSize), actions = _actions.AsSpan(0, total * _actSize);
        Span<int> repeats = _repeats.AsSpan(0, distinct);
        policyObservations[..(policyCount * _obsSize)].CopyTo(observations);
        policyActions[..(policyCount * _actSize)].CopyTo(actions);
        for (int j = 0, row = policyCount; j < expert.Count; j++)
        {
            if (expertDraws[j] == 0) continue;
            expert.Observations.AsSpan(j * _obsSize, _obsSize).CopyTo(observations.Slice(row * _obsSize, _obsSize));
            expert.Actions.AsSpan(j * _actSize, _actSize).CopyTo(actions.Slice(row * _actSize, _actSize));
            repeats[row++ - policyCount] = expertDraws[j];
        }
        UpdateNormalizer(observations, actions, policyCount);
        ReadOnlySpan<float> expertRows = _discrete
            ? observations[(policyCount * _obsSize)..]
            : Concatenate(observations[(policyCount * _obsSize)..], actions[(policyCount * _actSize)..], distinct);
        InputNormalizer.Update(expertRows, repeats);

        ReadOnlySpan<float> output = Network.Forward(_ws, BuildInput(observations, actions, total), total);
        int k = Network.OutputSize;
        Ensure(ref _outputGrad, total * k);
        Span<float> outputGrad = _outputGrad.AsSpan(0, total * k);
        outputGrad.Clear();
        double loss = 0;
        for (int i = 0; i < total; i++)
        {
            int column = _discrete ? (int)actions[i] : 0;
            double s = output[i * k + column];
            bool isExpert = i >= policyCount;
            double w = isExpert ? (double)repeats[i - policyCount] / expertCount : 1.0 / policyCount;
            double p = Sigmoid(s);
            double crossEntropy = Softplus(s) - (isExpert ? s : 0);
            double entropy = (1 - p) * s + Softplus(-s); // H(σ(s)) in logits: −p log p − (1−p) log(1−p)
            loss += w * (crossEntropy - _entropyWeight * entropy);
            // d/ds: (σ(s) − y) − entropyWeight·dH/ds, with dH/ds = −s·σ(s)(1 − σ(s)).
            outputGrad[i * k + column] = (float)(w * (p - (isExpert ? 1 : 0) + _entropyWeight * s * p * (1 - p)));
        }
        Span<float> gradient = Parameters.Gradient.Span;
        gradient.Clear();
        Network.Backward(_ws, outputGrad, gradient);
        if (!double.IsFinite(loss)) throw new ArithmeticException("the discriminator's loss is not finite");
        _adam.Step(Parameters.Values.Span, gradient);

        // Scores after the step: the accuracies the authors log, and the policy's rewards for the value fit.
        Ensure(ref _scores, total);
        Span<float> scores = _scores.AsSpan(0, total);
        Scores(observations, actions, scores);
        int policyRight = 0;
        long expertRight = 0;
        for (int i = 0; i < policyCount; i++)
        {
            policyRight += scores[i] <= 0 ? 1 : 0;
            policyRewards[i] = Reward(scores[i]);
        }
        for (int i = policyCount; i < total; i++) expertRight += scores[i] > 0 ? repeats[i - policyCount] : 0;
        (_lastPolicyCount, _lastTotal) = (policyCount, total);
        return new RewardUpdate(loss, (double)expertRight / expertCount, (double)policyRight / policyCount);
    }

    /// <summary>
    /// The classifier's probability σ(s) that a pair is the expert's, as the last <see cref="Update"/> left it: on each of
    /// its policy pairs, and on each of its drawn expert pairs as often as drawn (both empty before the first update).
    /// Side by side they show how well D tells the two sets apart; an expert side pinned at 1 is D memorising a small
    /// expert set.
    /// </summary>
    public (double[] OnPolicy, double[] OnExpert) LastProbabilities()
    {
        var onPolicy = new double[_lastPolicyCount];
        for (int i = 0; i < onPolicy.Length; i++) onPolicy[i] = Sigmoid(_scores[i]);
        var onExpert = new List<double>();
        for (int i = _lastPolicyCount; i < _lastTotal; i++) onExpert.AddRange(Enumerable.Repeat(Sigmoid(_scores[i]), _repeats[i - _lastPolicyCount]));
        return (onPolicy, [.. onExpert]);
    }

    public void Save(string path, string envId)
    {
        var tensors = MlpTensors.Export(Network, "net").ToList();
        tensors.Add(new Tensor("adam.m", _adam.FirstMoment.ToArray()));
        tensors.Add(new Tensor("adam.v", _adam.SecondMoment.ToArray()));
        Safetensors.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "apprentice.discriminator/1",
            ["env_id"] = envId,
            ["reward_sign"] = Sign.ToString().ToLowerInvariant(),
            ["input_norm"] = InputNormalizer.ToJson(),
            ["adam_steps"] = _adam.StepCount.ToString(CultureInfo.InvariantCulture),
        });
    }

    public void Load(string path)
    {
        string context = $"'{path}' is not a usable discriminator file";
        var (tensors, metadata) = Safetensors.Read(path);
        var byName = tensors.ToDictionary(t => t.Name);
        MlpTensors.Import(Network, "net", byName, context);
        float[] m = MlpTensors.Take(byName, "adam.m", [Parameters.Count], context);
        float[] v = MlpTensors.Take(byName, "adam.v", [Parameters.Count], context);
        try
        {
            InputNormalizer.LoadJson(metadata.GetValueOrDefault("input_norm") ?? throw new FormatException("no input_norm"));
            _adam.Restore(int.Parse(metadata.GetValueOrDefault("adam_steps") ?? "missing", CultureInfo.InvariantCulture), m, v);
        }
        catch (FormatException ex)
        {
            throw new InputException($"{context}: {ex.Message}");
        }
    }

    /// <summary>The standardised network input: s for discrete actions, concat(s, a) otherwise.</summary>
    private ReadOnlySpan<float> BuildInput(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch)
    {
        Guard.Length(observations, batch * _obsSize, nameof(observations));
        Guard.Length(actions, batch * _actSize, nameof(actions));
        if (_input.Length < batch * _inputSize) _input = new float[batch * _inputSize];
        Span<float> input = _input.AsSpan(0, batch * _inputSize);
        InputNormalizer.Standardize(_discrete ? observations : Concatenate(observations, actions, batch), input);
        return input;
    }

    private ReadOnlySpan<float> Concatenate(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch)
    {
        if (_raw.Length < batch * _inputSize) _raw = new float[batch * _inputSize];
        Span<float> raw = _raw.AsSpan(0, batch * _inputSize);
        for (int i = 0; i < batch; i++)
        {
            observations.Slice(i * _obsSize, _obsSize).CopyTo(raw.Slice(i * _inputSize, _obsSize));
            actions.Slice(i * _actSize, _actSize).CopyTo(raw.Slice(i * _inputSize + _obsSize, _actSize));
        }
        return raw;
    }

    private float Reward(float score) => (float)(Sign == RewardSign.Positive ? Softplus(score) : -Softplus(-score));

    private static void Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }

    private static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    private static double Softplus(double s) => s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));
}
