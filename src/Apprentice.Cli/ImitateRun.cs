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
    BehaviorCloningConfig? Bc);
