using Apprentice.Nn;

namespace Apprentice.Policies;

/// <summary>
/// State-value baseline V(s, t) as in the authors' code: an MLP (tanh unless told otherwise) on (standardised
/// observation, t·timeScale) predicting a standardised return, with running standardisers for inputs and targets,
/// fitted each iteration by one trust-region step on the squared error (mean squared change of the standardised
/// output ≤ maxKl).
/// The time input lets the baseline see how much of the episode's time limit is left.
/// </summary>
public sealed class ValueFunction
{
    private readonly double _timeScale;
    private readonly double _maxKl, _damping;
    private readonly int _cgIterations;
    private readonly double _fisherSubsample;
    private readonly MlpWorkspace _ws, _fisherWs;
    private readonly TrustRegionStep _trustRegion;
    private readonly float[] _gradient;
    private float[] _input = [], _targets = [], _old = [], _outputGrad = [], _subInput = [], _subScaled = [];

    public ValueFunction(int observationSize, IReadOnlyList<int> hiddenSizes, double timeScale, Rng rng,
        double maxKl = 0.01, double damping = 0.1, int cgIterations = 10, double fisherSubsample = 0.1,
        Activation activation = Activation.Tanh)
    {
        int[] sizes = [observationSize + 1, .. hiddenSizes, 1];
        Parameters = new ParameterVector(Mlp.ParameterCount(sizes));
        Network = new Mlp(sizes, Parameters.Values, activation);
        Network.Initialize(rng, outputScale: 0f);
        ObservationNormalizer = new RunningStandardizer(observationSize);
        TargetNormalizer = new RunningStandardizer(1);
        _timeScale = timeScale;
        _maxKl = maxKl;
        _damping = damping;
        _cgIterations = cgIterations;
        _fisherSubsample = fisherSubsample;
        _ws = Network.CreateWorkspace();
        _fisherWs = Network.CreateWorkspace();
        _trustRegion = new TrustRegionStep(Parameters.Count);
        _gradient = new float[Parameters.Count];
    }

    public Mlp Network { get; }

    public ParameterVector Parameters { get; }

    public RunningStandardizer ObservationNormalizer { get; }

    public RunningStandardizer TargetNormalizer { get; }

    public double TimeScale => _timeScale;

    public int ObservationSize => ObservationNormalizer.Size;

    public IReadOnlyList<int> HiddenSizes => Network.Sizes.Skip(1).SkipLast(1).ToArray();

    /// <summary>Writes the network and both standardisers to one safetensors file.</summary>
    public void Save(string path) => Safetensors.Write(path, MlpTensors.Export(Network, "net").ToList(), new Dictionary<string, string>
    {
        ["format"] = "apprentice.value/1",
        ["obs_norm"] = ObservationNormalizer.ToJson(),
        ["target_norm"] = TargetNormalizer.ToJson(),
    });

    /// <summary>Restores what <see cref="Save"/> wrote into this (identically shaped) value function.</summary>
    public void Load(string path)
    {
        var (tensors, metadata) = Safetensors.Read(path);
        string context = $"'{path}' is not a usable value-function file";
        try
        {
            var byName = tensors.ToDictionary(t => t.Name);
            MlpTensors.Import(Network, "net", byName, context);
            ObservationNormalizer.LoadJson(metadata.GetValueOrDefault("obs_norm") ?? throw new FormatException("no obs_norm"));
            TargetNormalizer.LoadJson(metadata.GetValueOrDefault("target_norm") ?? throw new FormatException("no target_norm"));
        }
        catch (FormatException ex)
        {
            throw new InputException($"{context}: {ex.Message}");
        }
    }

    /// <summary>values[i] = V(observations[i], times[i]) in return units; observations [batch × ObservationSize], times [batch].</summary>
    public void Predict(ReadOnlySpan<float> observations, ReadOnlySpan<float> times, Span<float> values)
    {
        int batch = times.Length;
        Guard.Length<float>(values, batch, nameof(values));
        ReadOnlySpan<float> output = Network.Forward(_ws, BuildInput(observations, times, batch), batch);
        TargetNormalizer.Unstandardize(output, values);
    }

    /// <summary>
    /// Updates the standardisers with the batch, then takes one trust-region step towards the targets.
    /// Returns the mean squared error (in standardised target units) before and after.
    /// </summary>
    /// <param name="rng">Draws the Fisher subsample.</param>
    public (double LossBefore, double LossAfter) Fit(ReadOnlySpan<float> observations, ReadOnlySpan<float> times, ReadOnlySpan<float> targets, Rng rng)
    {
        int batch = times.Length;
        Guard.Length(targets, batch, nameof(targets));
        ObservationNormalizer.Update(observations);
        TargetNormalizer.Update(targets);
        ReadOnlySpan<float> input = BuildInput(observations, times, batch);
        if (_targets.Length < batch)
        {
            _targets = new float[batch];
            _old = new float[batch];
            _outputGrad = new float[batch];
        }
        TargetNormalizer.Standardize(targets, _targets.AsSpan(0, batch));
        Network.Forward(_ws, input, batch).CopyTo(_old);

        double loss0 = 0;
        for (int i = 0; i < batch; i++)
        {
            double e = _old[i] - _targets[i];
            loss0 += e * e;
            _outputGrad[i] = (float)(-2.0 * e / batch); // ∂(−MSE)/∂v: the step maximises the negative error
        }
        loss0 /= batch;
        Array.Clear(_gradient);
        Network.Backward(_ws, _outputGrad.AsSpan(0, batch), _gradient);

        int sub = PrepareSubsample(input, batch, rng);
        float[] fullInput = _input; // the line search re-evaluates on the full batch
        TrustRegionResult r = _trustRegion.Step(Parameters, _gradient, -loss0,
            (v, destination) => FisherProduct(v, destination, sub),
            () =>
            {
                ReadOnlySpan<float> now = Network.Forward(_ws, fullInput.AsSpan(0, batch * (ObservationSize + 1)), batch);
                double loss = 0, change = 0;
                for (int i = 0; i < batch; i++)
                {
                    double e = now[i] - _targets[i], c = now[i] - _old[i];
                    loss += e * e;
                    change += c * c;
                }
                return (-loss / batch, change / batch);
            },
            _maxKl, _damping, _cgIterations);
        return (loss0, -r.Objective1);
    }

    private ReadOnlySpan<float> BuildInput(ReadOnlySpan<float> observations, ReadOnlySpan<float> times, int batch)
    {
        int n = ObservationSize, width = n + 1;
        Guard.Length(observations, batch * n, nameof(observations));
        if (_input.Length < batch * width) _input = new float[batch * width];
        Span<float> input = _input.AsSpan(0, batch * width);
        for (int i = 0; i < batch; i++)
        {
            ObservationNormalizer.Standardize(observations.Slice(i * n, n), input.Slice(i * width, n));
            input[i * width + n] = (float)(times[i] * _timeScale);
        }
        return input;
    }

    private int PrepareSubsample(ReadOnlySpan<float> input, int batch, Rng rng)
    {
        int width = ObservationSize + 1;
        int sub = _fisherSubsample >= 1.0 ? batch : Math.Max(1, (int)(_fisherSubsample * batch));
        if (_subInput.Length < sub * width)
        {
            _subInput = new float[sub * width];
            _subScaled = new float[sub];
        }
        for (int s = 0; s < sub; s++)
        {
            int i = _fisherSubsample >= 1.0 ? s : rng.NextInt(batch);
            input.Slice(i * width, width).CopyTo(_subInput.AsSpan(s * width, width));
        }
        Network.Forward(_fisherWs, _subInput.AsSpan(0, sub * width), sub);
        return sub;
    }

    /// <summary>Hessian of mean (v − v_old)² on the subsample: (2/S)·JᵀJ v.</summary>
    private void FisherProduct(ReadOnlySpan<float> v, Span<float> destination, int sub)
    {
        ReadOnlySpan<float> jv = Network.Jvp(_fisherWs, v);
        Span<float> scaled = _subScaled.AsSpan(0, sub);
        for (int s = 0; s < sub; s++) scaled[s] = 2f * jv[s] / sub;
        destination.Clear();
        Network.Backward(_fisherWs, scaled, destination);
    }
}
