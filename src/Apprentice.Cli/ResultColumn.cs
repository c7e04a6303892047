using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// A column of `reproduce`'s tables and a line of its figure: an algorithm and its causal-entropy weight λ (the paper's
/// Reacher study compares GAIL at several). λ = 0, the paper's setting elsewhere, keeps the plain algorithm's name.
/// Runs whose policy step is PPO (<see cref="Ppo"/>), runs of `imitate` that started from a saved policy
/// (<see cref="FromPolicy"/>) and GAIL runs from observations alone (<see cref="FromObservations"/>) are columns of their
/// own, so that `summary` never pools them with the paper's kind of run.
/// `reproduce`'s cells all start at random, and a folder's cells all take one policy step, so its folder names mark neither.
/// </summary>
internal readonly record struct ResultColumn(string Algo, double EntropyWeight) : IComparable<ResultColumn>
{
    private const string FromPolicySuffix = " from a policy", PpoSuffix = " ppo", FromObservationsSuffix = " from observations";

    private static readonly string[] AlgoOrder = ["bc", "fem", "gtal", "gail"];

    /// <summary>Whether the runs' policy step was PPO rather than the paper's TRPO.</summary>
    public bool Ppo { get; init; }

    /// <summary>Whether the runs started from a saved policy (<c>--init-policy</c>) rather than random weights.</summary>
    public bool FromPolicy { get; init; }

    /// <summary>Whether GAIL learned from the demonstrations' observations alone (<c>--observations-only</c>).</summary>
    public bool FromObservations { get; init; }

    public static ResultColumn Of(RunResult result) =>
        new(result.Algo, result.EntropyWeight)
        {
            Ppo = result.PolicyStep == RunResult.PpoStep, FromPolicy = result.InitialPolicy is not null, FromObservations = result.ObservationsOnly,
        };

    public static ResultColumn Of(ImitateRun run) =>
        new(run.Algo, run.Gail?.EntropyWeight ?? 0)
        {
            Ppo = run.Gail?.Ppo is not null, FromPolicy = run.InitialPolicy is not null, FromObservations = run.Gail?.ObservationsOnly == true,
        };

    /// <summary>"gail", "gail λ=0.001", "gail ppo", "gail from observations" or "gail from a policy": the key of the console's lines.</summary>
    public string Key => KeyOf(Algo, EntropyWeight) + Kind(PpoSuffix);

    /// <summary>
    /// The key of the paper's figures for this column: the algorithm and λ, whatever the policy step (a PPO folder's
    /// tables set the paper's TRPO figures beside its cells); none for runs started from a policy or learning from
    /// observations alone, which the paper has not.
    /// </summary>
    public string? PaperKey => FromPolicy || FromObservations ? null : KeyOf(Algo, EntropyWeight);

    public static string KeyOf(string algo, double entropyWeight) =>
        entropyWeight == 0 ? algo : string.Create(CultureInfo.InvariantCulture, $"{algo} λ={entropyWeight:R}");

    /// <summary>The cell folder's prefix: "gail", or "gail-ent0.001", so that λ = 0 keeps the folders made before λ was a column.</summary>
    public string Folder => EntropyWeight == 0 ? Algo : string.Create(CultureInfo.InvariantCulture, $"{Algo}-ent{EntropyWeight:R}");

    /// <summary>"GAIL", "GAIL λ=0.001", "GAIL PPO", "GAIL from observations" or "GAIL from a policy"; λ = 0 is named too where a task compares several weights.</summary>
    public string Header(bool nameZero) =>
        Algo.ToUpperInvariant() + (EntropyWeight != 0 || nameZero ? string.Create(CultureInfo.InvariantCulture, $" λ={EntropyWeight:R}") : "")
        + Kind(PpoSuffix.ToUpperInvariant());

    /// <summary>What sets the runs apart from the paper's kind, in keys and headers alike: " ppo", " from observations", " from a policy".</summary>
    private string Kind(string ppo) => (Ppo ? ppo : "") + (FromObservations ? FromObservationsSuffix : "") + (FromPolicy ? FromPolicySuffix : "");

    /// <summary>
    /// The paper's order (BC, FEM, GTAL, GAIL; unknown algorithms last), then increasing λ, then the paper's TRPO
    /// before PPO, pairs before observations alone, and runs from random weights before runs from a policy.
    /// </summary>
    public int CompareTo(ResultColumn other) =>
        Rank(Algo).CompareTo(Rank(other.Algo)) is int c and not 0 ? c
        : string.CompareOrdinal(Algo, other.Algo) is int d and not 0 ? d
        : EntropyWeight.CompareTo(other.EntropyWeight) is int e and not 0 ? e
        : Ppo.CompareTo(other.Ppo) is int f and not 0 ? f
        : FromObservations.CompareTo(other.FromObservations) is int g and not 0 ? g
        : FromPolicy.CompareTo(other.FromPolicy);

    private static int Rank(string algo) => Array.IndexOf(AlgoOrder, algo) is int i and >= 0 ? i : AlgoOrder.Length;
}
