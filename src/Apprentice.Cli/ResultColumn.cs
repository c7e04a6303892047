using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// A column of `reproduce`'s tables and a line of its figure: an algorithm and its causal-entropy weight λ (the paper's
/// Reacher study compares GAIL at several). λ = 0, the paper's setting elsewhere, keeps the plain algorithm's name.
/// Runs of `imitate` that started from a saved policy (<see cref="FromPolicy"/>) are a column of their own, so that
/// `summary` never pools them with runs from random weights; `reproduce`'s cells all start at random.
/// </summary>
internal readonly record struct ResultColumn(string Algo, double EntropyWeight) : IComparable<ResultColumn>
{
    private const string FromPolicySuffix = " from a policy";

    private static readonly string[] AlgoOrder = ["bc", "fem", "gtal", "gail"];

    /// <summary>Whether the runs started from a saved policy (<c>--init-policy</c>) rather than random weights.</summary>
    public bool FromPolicy { get; init; }

    public static ResultColumn Of(RunResult result) => new(result.Algo, result.EntropyWeight) { FromPolicy = result.InitialPolicy is not null };

    public static ResultColumn Of(ImitateRun run) => new(run.Algo, run.Gail?.EntropyWeight ?? 0) { FromPolicy = run.InitialPolicy is not null };

    /// <summary>
    /// "gail", "gail λ=0.001" or "gail from a policy": the key of the paper's figures (which have none from a policy)
    /// and of the console's lines.
    /// </summary>
    public string Key => KeyOf(Algo, EntropyWeight) + (FromPolicy ? FromPolicySuffix : "");

    public static string KeyOf(string algo, double entropyWeight) =>
        entropyWeight == 0 ? algo : string.Create(CultureInfo.InvariantCulture, $"{algo} λ={entropyWeight:R}");

    /// <summary>The cell folder's prefix: "gail", or "gail-ent0.001", so that λ = 0 keeps the folders made before λ was a column.</summary>
    public string Folder => EntropyWeight == 0 ? Algo : string.Create(CultureInfo.InvariantCulture, $"{Algo}-ent{EntropyWeight:R}");

    /// <summary>"GAIL", "GAIL λ=0.001" or "GAIL from a policy"; λ = 0 is named too where a task compares several weights.</summary>
    public string Header(bool nameZero) =>
        Algo.ToUpperInvariant() + (EntropyWeight != 0 || nameZero ? string.Create(CultureInfo.InvariantCulture, $" λ={EntropyWeight:R}") : "")
        + (FromPolicy ? FromPolicySuffix : "");

    /// <summary>The paper's order (BC, FEM, GTAL, GAIL; unknown algorithms last), then increasing λ, runs from random weights first.</summary>
    public int CompareTo(ResultColumn other) =>
        Rank(Algo).CompareTo(Rank(other.Algo)) is int c and not 0 ? c
        : string.CompareOrdinal(Algo, other.Algo) is int d and not 0 ? d
        : EntropyWeight.CompareTo(other.EntropyWeight) is int e and not 0 ? e
        : FromPolicy.CompareTo(other.FromPolicy);

    private static int Rank(string algo) => Array.IndexOf(AlgoOrder, algo) is int i and >= 0 ? i : AlgoOrder.Length;
}
