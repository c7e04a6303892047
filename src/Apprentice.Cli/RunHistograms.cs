using Apprentice.Imitation;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// What a run logs as TensorBoard histograms at the iterations <see cref="Due"/> picks: each layer of its networks (named as in its
/// checkpoint, under the network's name), the policy's log σ, and the distributions of its last batch, so that a
/// collapsing σ, a saturating discriminator or a reward that has stopped telling pairs apart shows as it happens.
/// </summary>
internal static class RunHistograms
{
    /// <summary>About how many times a run logs them: each is some 800 bytes, a GAIL iteration's 23 about 18 KB.</summary>
    public const int PerRun = 100;

    /// <summary>
    /// Whether <paramref name="iteration"/> (from 1) of about <paramref name="iterations"/> logs them: every iteration of
    /// a run of up to <see cref="PerRun"/>, evenly spaced ones of a longer run, and the last.
    /// </summary>
    public static bool Due(int iteration, long iterations, bool last) => last || iteration % Math.Max(1, iterations / PerRun) == 0;

    /// <summary>A TRPO run's: the policy's and value function's layers, the batch's episode returns and lengths.</summary>
    public static List<(string Tag, double[] Values)> Of(TrpoTrainer trainer) =>
        [.. Networks(trainer.Policy, trainer.Value), .. Episodes(trainer.LastBatch)];

    /// <summary>
    /// A GAIL, FEM or GTAL run's: those, the cost's parameters (the discriminator's layers and its probability that a pair
    /// is the expert's on the expert and the policy pairs of its last step, or a linear cost's weights) and the reward the
    /// cost gave each pair of the batch.
    /// </summary>
    public static List<(string Tag, double[] Values)> Of(Gail gail)
    {
        List<(string Tag, double[] Values)> histograms = [.. Networks(gail.Policy, gail.Value)];
        switch (gail.Reward)
        {
            case Discriminator discriminator:
                histograms.AddRange(Layers("discriminator", discriminator.Network));
                var (onPolicy, onExpert) = discriminator.LastProbabilities();
                histograms.Add(("discriminator/p_expert_on_expert", onExpert));
                histograms.Add(("discriminator/p_expert_on_policy", onPolicy));
                break;
            case LinearCost cost:
                histograms.Add(("cost/weights", (double[])cost.Weights.Clone()));
                break;
        }
        histograms.AddRange(Episodes(gail.LastBatch));
        histograms.Add(("batch/imitation_reward", Doubles(gail.LastImitationRewards)));
        return histograms;
    }

    /// <summary>A behaviour-cloning run's: the policy's layers and log σ.</summary>
    public static List<(string Tag, double[] Values)> Of(MlpPolicy policy)
    {
        List<(string Tag, double[] Values)> histograms = [.. Layers("policy", policy.Network)];
        if (!policy.LogStd.IsEmpty) histograms.Add(("policy/log_std", Doubles(policy.LogStd)));
        return histograms;
    }

    private static List<(string Tag, double[] Values)> Networks(MlpPolicy policy, ValueFunction value) =>
        [.. Of(policy), .. Layers("value", value.Network)];

    private static IEnumerable<(string Tag, double[] Values)> Layers(string network, Mlp net) =>
        MlpTensors.Export(net, $"{network}/net").Select(t => (t.Name, Doubles(t.Data)));

    private static (string Tag, double[] Values)[] Episodes(TrajectoryBatch batch) =>
    [
        ("batch/episode_return", batch.Returns.ToArray()),
        ("batch/episode_length", [.. batch.Lengths.ToArray().Select(length => (double)length)]),
    ];

    private static double[] Doubles(ReadOnlySpan<float> values)
    {
        var doubles = new double[values.Length];
        for (int i = 0; i < values.Length; i++) doubles[i] = values[i];
        return doubles;
    }
}
