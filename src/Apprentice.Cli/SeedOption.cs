using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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
        option.Validators.Add(Check);
        return option;
    }

    /// <summary>A seed whose absence the command tells apart from 0 (a resumed run keeps its own).</summary>
    public static Option<int?> Optional(string description)
    {
        var option = new Option<int?>("--seed") { Description = description };
        option.Validators.Add(Check);
        return option;
    }

    /// <summary>Reads the value's token itself: validators run even when it is not a whole number, which the parser reports.</summary>
    private static void Check(OptionResult result)
    {
        foreach (Token token in result.Tokens)
        {
            if (int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int seed) && seed < 0)
                result.AddError($"--seed must be non-negative, got {seed}");
        }
    }
}
