using Apprentice.Distributions;
using Apprentice.Envs;
using Apprentice.Nn;

namespace Apprentice.Policies;

/// <summary>
/// A stochastic MLP policy as in the authors' code: observations standardised by running statistics, an
/// MLP (2×100 tanh by default) whose output layer starts at zero, and an action distribution on its output:
/// a softmax over the logits for <see cref="Discrete"/> actions, or a diagonal Gaussian for <see cref="Box"/>
/// actions whose mean is the network output and whose log σ is a state-independent parameter (initially 0).
/// All trainable parameters (network, then log σ) form one <see cref="ParameterVector"/> for TRPO.
/// </summary>
public sealed class MlpPolicy
{
    private readonly int _logStdOffset;

    public MlpPolicy(int observationSize, Space actionSpace, IReadOnlyList<int> hiddenSizes, Rng rng, Activation hidden = Activation.Tanh)
    {
        Guard.Positive(observationSize, nameof(observationSize));
        ActionSpace = actionSpace;
        HiddenSizes = [.. hiddenSizes];
        (Distribution, int outputSize, int extra) = actionSpace switch
        {
            Discrete d => ((IDistribution)new Categorical(d.N), d.N, 0),
            Box b when b.Shape.Length == 1 => (new DiagGaussian(b.FlatSize), b.FlatSize, b.FlatSize),
            _ => throw new InputException($"action space {actionSpace} is not supported: use Discrete or a one-dimensional Box"),
        };
        int[] sizes = [observationSize, .. hiddenSizes, outputSize];
        int networkCount = Mlp.ParameterCount(sizes);
        Parameters = new ParameterVector(networkCount + extra);
        Network = new Mlp(sizes, Parameters.Take(networkCount).Values, hidden);
        _logStdOffset = Parameters.Take(extra).Offset;
        Network.Initialize(rng, outputScale: 0f);
        Normalizer = new RunningStandardizer(observationSize);
    }

    public int ObservationSize => Network.InputSize;

    public Space ActionSpace { get; }

    public IReadOnlyList<int> HiddenSizes { get; }

    public Mlp Network { get; }

    public IDistribution Distribution { get; }

    public ParameterVector Parameters { get; }

    public RunningStandardizer Normalizer { get; }

    /// <summary>Floats per action: the action size of the distribution.</summary>
    public int ActionSize => Distribution.ActionSize;

    /// <summary>The Gaussian's log σ (empty for a categorical policy).</summary>
    public Span<float> LogStd => Parameters.Values.Span[_logStdOffset..];

    /// <summary>Throws <see cref="InputException"/> unless this policy's observation size and action space are <paramref name="env"/>'s.</summary>
    /// <param name="name">How the message names the policy.</param>
    public void CheckFits(IEnv env, string name = "the policy")
    {
        string id = env.Spec?.Id ?? "the env";
        if (ObservationSize != env.ObservationSpace.FlatSize)
            throw new InputException($"{name} takes {ObservationSize} observation values but {id} gives {env.ObservationSpace.FlatSize}");
        if (!SameSpace(ActionSpace, env.ActionSpace))
            throw new InputException($"{name} acts in {ActionSpace} but {id} expects {env.ActionSpace}");
    }

    /// <summary>
    /// Becomes <paramref name="source"/>: its network's weights, its log σ and its observation statistics (the weights
    /// mean nothing without the statistics they were trained on). Throws <see cref="InputException"/> unless
    /// <paramref name="source"/> has this policy's shape: observation size, action space, hidden widths and units.
    /// </summary>
    /// <param name="name">How the message names <paramref name="source"/>.</param>
    public void CopyFrom(MlpPolicy source, string name = "the source policy")
    {
        if (source.ObservationSize != ObservationSize)
            throw new InputException($"{name} takes {source.ObservationSize} observation values, not {ObservationSize}");
        if (!SameSpace(source.ActionSpace, ActionSpace))
            throw new InputException($"{name} acts in {source.ActionSpace}, not {ActionSpace}");
        if (!source.HiddenSizes.SequenceEqual(HiddenSizes))
            throw new InputException($"{name} has hidden layers {string.Join(',', source.HiddenSizes)}, not {string.Join(',', HiddenSizes)}");
        if (source.Network.Hidden != Network.Hidden)
            throw new InputException($"{name} has {source.Network.Hidden} hidden units, not {Network.Hidden}");
        Parameters.SetValues(source.Parameters.Values.Span);
        Normalizer.CopyFrom(source.Normalizer);
    }

    /// <summary>Whether two action spaces are the same: kind, shape and bounds, as a policy file records them.</summary>
    private static bool SameSpace(Space a, Space b) => SpaceJson.Write(a) == SpaceJson.Write(b);

    public PolicyWorkspace CreateWorkspace(int maxBatch = 1) =>
        new(Network.CreateWorkspace(maxBatch), ObservationSize, Network.OutputSize, Distribution.ParameterSize, maxBatch);

    /// <summary>
    /// Distribution parameters for a batch of raw observations [batch × ObservationSize]:
    /// [batch × Distribution.ParameterSize], valid until the workspace's next pass.
    /// </summary>
    public ReadOnlySpan<float> Forward(PolicyWorkspace workspace, ReadOnlySpan<float> observations, int batch)
    {
        Span<float> input = workspace.Input(batch);
        Normalizer.Standardize(observations, input);
        ReadOnlySpan<float> output = Network.Forward(workspace.Network, input, batch);
        Span<float> distribution = workspace.Distribution(batch);
        workspace.Batch = batch;
        if (Distribution is Categorical)
        {
            output.CopyTo(distribution);
            return distribution;
        }
        int d = ActionSize;
        ReadOnlySpan<float> logStd = LogStd;
        for (int i = 0; i < batch; i++)
        {
            output.Slice(i * d, d).CopyTo(distribution.Slice(i * 2 * d, d));
            logStd.CopyTo(distribution.Slice(i * 2 * d + d, d));
        }
        return distribution;
    }

    /// <summary>
    /// Adds ∂loss/∂θ into <paramref name="parameterGrad"/> [Parameters.Count], given ∂loss/∂(distribution
    /// parameters) [batch × Distribution.ParameterSize] for the last <see cref="Forward"/> on the workspace.
    /// The shared log σ collects the sum over the batch.
    /// </summary>
    public void Backward(PolicyWorkspace workspace, ReadOnlySpan<float> distributionGrad, Span<float> parameterGrad)
    {
        int batch = workspace.Batch;
        Guard.Length(distributionGrad, batch * Distribution.ParameterSize, nameof(distributionGrad));
        Guard.Length((ReadOnlySpan<float>)parameterGrad, Parameters.Count, nameof(parameterGrad));
        Span<float> networkGrad = parameterGrad[.._logStdOffset];
        if (Distribution is Categorical)
        {
            Network.Backward(workspace.Network, distributionGrad, networkGrad);
            return;
        }
        int d = ActionSize;
        Span<float> meanGrad = workspace.OutputGrad(batch);
        Span<double> logStdSum = stackalloc double[d];
        logStdSum.Clear();
        for (int i = 0; i < batch; i++)
        {
            distributionGrad.Slice(i * 2 * d, d).CopyTo(meanGrad.Slice(i * d, d));
            for (int j = 0; j < d; j++) logStdSum[j] += distributionGrad[i * 2 * d + d + j];
        }
        Network.Backward(workspace.Network, meanGrad, networkGrad);
        Span<float> logStdGrad = parameterGrad[_logStdOffset..];
        for (int j = 0; j < d; j++) logStdGrad[j] += (float)logStdSum[j];
    }

    /// <summary>
    /// Forward-mode derivative of the distribution parameters in parameter direction v [Parameters.Count],
    /// at the last <see cref="Forward"/>: writes [batch × Distribution.ParameterSize].
    /// </summary>
    public void Jvp(PolicyWorkspace workspace, ReadOnlySpan<float> tangent, Span<float> distributionTangent)
    {
        int batch = workspace.Batch;
        Guard.Length(tangent, Parameters.Count, nameof(tangent));
        Guard.Length((ReadOnlySpan<float>)distributionTangent, batch * Distribution.ParameterSize, nameof(distributionTangent));
        ReadOnlySpan<float> output = Network.Jvp(workspace.Network, tangent[.._logStdOffset]);
        if (Distribution is Categorical)
        {
            output.CopyTo(distributionTangent);
            return;
        }
        int d = ActionSize;
        ReadOnlySpan<float> logStdTangent = tangent[_logStdOffset..];
        for (int i = 0; i < batch; i++)
        {
            output.Slice(i * d, d).CopyTo(distributionTangent.Slice(i * 2 * d, d));
            logStdTangent.CopyTo(distributionTangent.Slice(i * 2 * d + d, d));
        }
    }

    /// <summary>
    /// Actions for a batch of raw observations: sampled when <paramref name="rng"/> is given, the mode
    /// (Gaussian mean, argmax) when it is null. Returns the distribution parameters used.
    /// </summary>
    public ReadOnlySpan<float> Act(PolicyWorkspace workspace, ReadOnlySpan<float> observations, int batch, Rng? rng, Span<float> actions)
    {
        ReadOnlySpan<float> distribution = Forward(workspace, observations, batch);
        if (rng is null) Distribution.Mode(distribution, actions);
        else Distribution.Sample(distribution, rng, actions);
        return distribution;
    }
}
