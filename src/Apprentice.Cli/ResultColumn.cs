using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// A column of `reproduce`'s tables and a line of its figure: an algorithm and its causal-entropy weight λ (the paper's
/// Reacher study compares GAIL at several). λ = 0, the paper's setting elsewhere, keeps the plain algorithm's name.
/// </summary>
internal readonly record struct ResultColumn(string Algo, double EntropyWeight) : IComparable<ResultColumn>
{
    private static readonly string[] AlgoOrder = ["bc", "fem", "gtal", "gail"];

    public static ResultColumn Of(RunResult result) => new(result.Algo, result.EntropyWeight);

    public static ResultColumn Of(ImitateRun run) => new(run.Algo, run.Gail?.EntropyWeight ?? 0);

    /// <summary>"gail", or "gail λ=0.001": the key of the paper's figures and of the console's lines.</summary>
    public string Key => KeyOf(Algo, EntropyWeight);

    public static string KeyOf(string algo, double entropyWeight) =>
        entropyWeight == 0 ? algo : string.Create(CultureInfo.InvariantCulture, $"{algo} λ={entropyWeight:R}");

    /// <summary>The cell folder's prefix: "gail", or "gail-ent0.001", so that λ = 0 keeps the folders made before λ was a column.</summary>
    public string Folder => EntropyWeight == 0 ? Algo : string.Create(CultureInfo.InvariantCulture, $"{Algo}-ent{EntropyWeight:R}");

    /// <summary>"GAIL", or "GAIL λ=0.001"; λ = 0 is named too where a task compares several weights.</summary>
    public string Header(bool nameZero) =>
        Algo.ToUpperInvariant() + (EntropyWeight != 0 || nameZero ? string.Create(CultureInfo.InvariantCulture, $" λ={EntropyWeight:R}") : "");

    /// <summary>The paper's order (BC, FEM, GTAL, GAIL; unknown algorithms last), then increasing λ.</summary>
    public int CompareTo(ResultColumn other) =>
        Rank(Algo).CompareTo(Rank(other.Algo)) is int c and not 0 ? c
        : string.CompareOrdinal(Algo, other.Algo) is int d and not 0 ? d
        : EntropyWeight.CompareTo(other.EntropyWeight);

    private static int Rank(string algo) => Array.IndexOf(AlgoOrder, algo) is int i and >= 0 ? i : AlgoOrder.Length;
}
