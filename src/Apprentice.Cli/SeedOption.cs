using System.CommandLine;

namespace Apprentice.Cli;

/// <summary>
/// --seed, shared by every command that takes one: a whole number from 0 up, as Gymnasium's seeds are and as the envs
/// require, refused at parsing otherwise so that a run never starts with it.
/// </summary>
internal static class SeedOption
{
    /// <summary>A seed that defaults to 0.</summary>
    public static Option<int> Create(string description)
    {
        var option = new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => 0 };
        WholeNumberCheck.Add(option, Problem);
        return option;
    }

    /// <summary>A seed whose absence the command tells apart from 0 (a resumed run keeps its own).</summary>
    public static Option<int?> Optional(string description)
    {
        var option = new Option<int?>("--seed") { Description = description };
        WholeNumberCheck.Add(option, Problem);
        return option;
    }

    private static string? Problem(int seed) => seed < 0 ? $"--seed must be non-negative, got {seed}" : null;
}
