using System.Globalization;
using System.Text.Json;
using Apprentice.Distributions;
using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Imitation;

/// <summary>
/// Behaviour cloning, the paper's first baseline: maximum likelihood of the expert's actions under the policy,
/// −mean log π(a|s), by Adam on minibatches drawn with replacement from 70 % of the pairs, keeping the
/// parameters with the lowest validation error on the other 30 % (checked every
/// <see cref="BehaviorCloningConfig.ValidateEvery"/> steps), as the authors' <c>BehavioralCloningOptimizer</c> and
/// their pipeline's choice of snapshot (best <c>valacc</c>). The validation error is the mean squared distance of the
/// Gaussian's mean from the expert's action for continuous actions, which does not depend on σ: the likelihood on
/// held-out pairs worsens as soon as σ shrinks below the mean's error, long before the mean stops improving. For
/// discrete actions it is the validation loss. The policy's observation statistics come from the expert data.
/// </summary>
public sealed class BehaviorCloning
{
    private readonly BehaviorCloningConfig _config;
    private readonly ExpertPairs _expert;
    private readonly int[] _train, _validation;
    private readonly Adam _adam;
    private readonly Rng _rng;
    private readonly float[] _best;
    private readonly PolicyWorkspace _ws;
    private readonly float[] _obs, _acts, _weights, _logp, _distGrad, _mode;

    public BehaviorCloning(BehaviorCloningConfig config, ExpertPairs expert, Space actionSpace)
    {
        expert.Validate();
        if (expert.Count < 2) throw new InputException($"behaviour cloning needs at least 2 expert pairs (one to train, one to validate); got {expert.Count}");
        _config = config;
        _expert = expert;
        var root = new Rng((ulong)config.Seed);
        Policy = new MlpPolicy(expert.ObservationSize, actionSpace, config.Hidden, root.Split("policy-init"));
        Policy.Normalizer.Update(expert.Observations);
        if (Policy.ActionSize != expert.ActionSize)
            throw new InputException($"the expert's actions have {expert.ActionSize} values, the action space {actionSpace} takes {Policy.ActionSize}");

        int[] order = Enumerable.Range(0, expert.Count).ToArray();
        Rng split = root.Split("split");
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = split.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int trainCount = Math.Clamp((int)(config.TrainFraction * expert.Count), 1, expert.Count - 1);
        _train = order[..trainCount];
        _validation = order[trainCount..];
        _adam = new Adam(Policy.Parameters.Count, config.LearningRate);
        _rng = root.Split("minibatches");
        _best = Policy.Parameters.Values.ToArray();
        int largest = Math.Max(config.Batch, _validation.Length);
        _ws = Policy.CreateWorkspace(largest);
        _obs = new float[largest * expert.ObservationSize];
        _acts = new float[largest * expert.ActionSize];
        _weights = new float[largest];
        _logp = new float[largest];
        _distGrad = new float[largest * Policy.Distribution.ParameterSize];
        _mode = new float[_validation.Length * expert.ActionSize];
        BestValidationError = double.PositiveInfinity;
    }

    public MlpPolicy Policy { get; }

    public int Step { get; private set; }

    public bool Done => Step >= _config.Steps;

    /// <summary>The lowest validation error seen, that of the parameters <see cref="KeepBest"/> restores.</summary>
    public double BestValidationError { get; private set; }

    public int BestStep { get; private set; }

    /// <summary>
    /// One Adam step on a minibatch; returns its loss, and the validation loss and error when this step is a
    /// validation point (step 0, every ValidateEvery steps, and the last step), else NaN.
    /// </summary>
    public (double TrainLoss, double ValidationLoss, double ValidationError) Train()
    {
        int b = _config.Batch;
        Gather(b, i => _train[_rng.NextInt(_train.Length)]);
        ReadOnlySpan<float> dist = ForwardGathered(b);
        double loss = NegativeLogLikelihood(dist, b);
        Backpropagate(dist, b);
        _adam.Step(Policy.Parameters.Values.Span, Policy.Parameters.Gradient.Span);
        double validation = double.NaN, error = double.NaN;
        if (Step % _config.ValidateEvery == 0 || Step == _config.Steps - 1)
        {
            int n = _validation.Length;
            Gather(n, i => _validation[i]);
            dist = ForwardGathered(n);
            validation = NegativeLogLikelihood(dist, n);
            error = Policy.Distribution is Categorical ? validation : MeanSquaredError(dist, n);
            if (!double.IsFinite(validation) || !double.IsFinite(error)) throw new ArithmeticException($"behaviour cloning diverged at step {Step}");
            if (error < BestValidationError)
            {
                BestValidationError = error;
                BestStep = Step;
                Policy.Parameters.Values.Span.CopyTo(_best);
            }
        }
        Step++;
        return (loss, validation, error);
    }

    /// <summary>Puts the best-validated parameters into <see cref="Policy"/> (the authors evaluate that snapshot).</summary>
    public void KeepBest() => Policy.Parameters.SetValues(_best);

    /// <summary>A checkpoint's progress file: the steps done (as its iteration) and the training seconds.</summary>
    public const string StateFile = "bc.json";

    /// <summary>A checkpoint's optimiser file: the parameters under training, Adam's moments, the minibatch stream's position and the best so far.</summary>
    public const string OptimizerFile = "bc.safetensors";

    /// <summary>
    /// Writes a checkpoint into <paramref name="directory"/>: policy.safetensors holds the best-validated parameters so
    /// far, the policy a stopped run has to show (and the finished run's, once the last step is validated);
    /// <see cref="OptimizerFile"/> what training continues from; <see cref="StateFile"/>, written last, the steps done and <paramref name="seconds"/>.
    /// </summary>
    public void SaveCheckpoint(string directory, string envId, double seconds)
    {
        float[] current = Policy.Parameters.Values.ToArray();
        Policy.Parameters.SetValues(_best);
        PolicyFile.Save(Policy, Path.Combine(directory, "policy.safetensors"), envId);
        Policy.Parameters.SetValues(current);
        Safetensors.Write(Path.Combine(directory, OptimizerFile),
            [new Tensor("parameters", current), new Tensor("best", _best), new Tensor("adam.m", _adam.FirstMoment.ToArray()), new Tensor("adam.v", _adam.SecondMoment.ToArray())],
            new Dictionary<string, string>
            {
                ["format"] = "apprentice.bc/1",
                ["step"] = Step.ToString(CultureInfo.InvariantCulture),
                ["adam_steps"] = _adam.StepCount.ToString(CultureInfo.InvariantCulture),
                ["best_step"] = BestStep.ToString(CultureInfo.InvariantCulture),
                ["best_validation_error"] = BestValidationError.ToString("R", CultureInfo.InvariantCulture),
                ["minibatch_rng"] = _rng.State.ToString(),
            });
        AtomicFile.WriteAllText(Path.Combine(directory, StateFile), JsonSerializer.Serialize(new Checkpoint.Progress(Step, 0, seconds)));
    }

    /// <summary>
    /// Continues from a checkpoint <see cref="SaveCheckpoint"/> wrote for the same settings and expert pairs, so that the
    /// run goes on exactly as if it had not stopped; returns the training seconds it records.
    /// </summary>
    public double LoadCheckpoint(string directory)
    {
        Checkpoint.Progress progress = Checkpoint.ReadProgress(directory, StateFile);
        string path = Path.Combine(directory, OptimizerFile);
        if (!File.Exists(path)) throw new InputException($"the checkpoint in '{directory}' has no {OptimizerFile} (behaviour cloning's optimiser state)");
        string context = $"'{path}' is not a usable behaviour-cloning state file";
        var (tensors, metadata) = Safetensors.Read(path);
        var byName = tensors.ToDictionary(t => t.Name);
        int size = Policy.Parameters.Count;
        float[] current = MlpTensors.Take(byName, "parameters", [size], context);
        float[] best = MlpTensors.Take(byName, "best", [size], context);
        float[] m = MlpTensors.Take(byName, "adam.m", [size], context);
        float[] v = MlpTensors.Take(byName, "adam.v", [size], context);
        int Count(string key) => int.TryParse(metadata.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n : throw new InputException($"{context}: no {key}");
        int step = Count("step");
        if (step != progress.Iteration) throw new InputException($"{context}: it is at step {step}, and {StateFile} at {progress.Iteration}");
        if (!double.TryParse(metadata.GetValueOrDefault("best_validation_error"), NumberStyles.Float, CultureInfo.InvariantCulture, out double bestError))
            throw new InputException($"{context}: no best_validation_error");
        RngState stream = RngState.Parse(metadata.GetValueOrDefault("minibatch_rng")) ?? throw new InputException($"{context}: no minibatch_rng");
        Policy.Parameters.SetValues(current);
        best.CopyTo(_best, 0);
        _adam.Restore(Count("adam_steps"), m, v);
        _rng.Restore(stream);
        Step = step;
        BestStep = Count("best_step");
        BestValidationError = bestError;
        return progress.Seconds;
    }

    private void Gather(int count, Func<int, int> index)
    {
        int n = _expert.ObservationSize, a = _expert.ActionSize;
        for (int i = 0; i < count; i++)
        {
            int j = index(i);
            _expert.Observations.AsSpan(j * n, n).CopyTo(_obs.AsSpan(i * n, n));
            _expert.Actions.AsSpan(j * a, a).CopyTo(_acts.AsSpan(i * a, a));
        }
    }

    /// <summary>The policy's distribution parameters on the first <paramref name="count"/> gathered observations.</summary>
    private ReadOnlySpan<float> ForwardGathered(int count) => Policy.Forward(_ws, _obs.AsSpan(0, count * _expert.ObservationSize), count);

    /// <summary>−mean log π(a|s) over the gathered pairs.</summary>
    private double NegativeLogLikelihood(ReadOnlySpan<float> dist, int count)
    {
        Span<float> logp = _logp.AsSpan(0, count);
        Policy.Distribution.LogProb(dist, _acts.AsSpan(0, count * _expert.ActionSize), logp);
        double loss = 0;
        foreach (float l in logp) loss -= l;
        return loss / count;
    }

    /// <summary>Mean over the gathered pairs of Σ_j (μ_j − a_j)², μ the distribution's mode (the Gaussian's mean).</summary>
    private double MeanSquaredError(ReadOnlySpan<float> dist, int count)
    {
        Span<float> mode = _mode.AsSpan(0, count * _expert.ActionSize);
        Policy.Distribution.Mode(dist, mode);
        ReadOnlySpan<float> acts = _acts.AsSpan(0, mode.Length);
        double sum = 0;
        for (int i = 0; i < mode.Length; i++) sum += (double)(mode[i] - acts[i]) * (mode[i] - acts[i]);
        return sum / count;
    }

    /// <summary>The gradient of <see cref="NegativeLogLikelihood"/> into the policy's gradient vector.</summary>
    private void Backpropagate(ReadOnlySpan<float> dist, int count)
    {
        Span<float> weights = _weights.AsSpan(0, count);
        weights.Fill(-1f / count);
        Span<float> distGrad = _distGrad.AsSpan(0, count * Policy.Distribution.ParameterSize);
        Policy.Distribution.LogProbBackward(dist, _acts.AsSpan(0, count * _expert.ActionSize), weights, distGrad);
        Policy.Parameters.ZeroGradient();
        Policy.Backward(_ws, distGrad, Policy.Parameters.Gradient.Span);
    }
}
