using Apprentice.Imitation;

namespace Apprentice.Cli;

/// <summary>What `apprentice imitate` was asked to do: its config.json. Exactly one of Gail and Bc is set.</summary>
public sealed record ImitateRun(
    string Algo,
    string EnvId,
    string Demos,
    int? Trajectories,
    int Subsample,
    int Seed,
    int EvalEpisodes,
    GailConfig? Gail,
    BehaviorCloningConfig? Bc)
{
    /// <summary>What the demonstrations' continuous actions are (checked against the action Box only when executed).</summary>
    public ExpertActions ExpertActions { get; init; } = ExpertActions.Executed;

    /// <summary>
    /// SHA-256 of the expert pairs the run learns from (<see cref="ExpertPairs.Sha256"/>), recorded when it starts, so
    /// that a resume reading its demonstrations from another path (a run moved to another machine), or from a file
    /// changed since, is refused unless they give the same pairs. Null in runs made before it was recorded.
    /// </summary>
    public string? ExpertPairsSha256 { get; init; }

    /// <summary>The policy file GAIL, FEM or GTAL started from (<c>--init-policy</c>); null when it started at random.</summary>
    public string? InitialPolicy { get; init; }

    /// <summary>
    /// A run with the authors' settings for the task; <paramref name="subsample"/> null keeps the task's default.
    /// <paramref name="entropyWeight"/> is the causal-entropy weight λ of the policy step (GAIL, FEM, GTAL; BC has none).
    /// </summary>
    public static ImitateRun Create(string algo, string envId, string demos, int? trajectories, int seed, int evalEpisodes, int? subsample = null,
        ExpertActions expertActions = ExpertActions.Executed, double entropyWeight = 0)
    {
        GailConfig defaults = GailConfig.ForTask(envId);
        int k = subsample ?? defaults.Subsample;
        if (k <= 0) throw new InputException($"--subsample must be positive, got {k}");
        var run = new ImitateRun(algo, envId, demos, trajectories, k, seed, evalEpisodes, null, null) { ExpertActions = expertActions };
        if (algo == "bc") return run with { Bc = BehaviorCloningConfig.ForTask(envId) with { Seed = seed } };
        CostModel cost = algo switch
        {
            "gail" => CostModel.Discriminator,
            "fem" => CostModel.Fem,
            "gtal" => CostModel.Gtal,
            _ => throw new InputException($"unknown algorithm '{algo}'; choose gail, bc, fem or gtal"),
        };
        return run with
        {
            Gail = defaults with
            {
                Cost = cost, Seed = seed, Subsample = k, Trajectories = trajectories, ExpertActions = expertActions, EntropyWeight = entropyWeight,
            },
        };
    }
}
