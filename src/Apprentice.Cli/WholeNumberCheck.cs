using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Apprentice.Cli;

/// <summary>A range check on an integer option, made when the command line is parsed so that a run never starts with a bad value.</summary>
internal static class WholeNumberCheck
{
    /// <summary>
    /// Adds a validator reporting <paramref name="problem"/>'s message for a value it refuses. It reads the tokens
    /// itself: validators run even when a value is not a whole number, which the parser reports on its own.
    /// </summary>
    public static void Add(Option option, Func<int, string?> problem)
    {
        option.Validators.Add(result =>
        {
            foreach (Token token in result.Tokens)
            {
                if (int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && problem(n) is string message)
                    result.AddError(message);
            }
        });
    }
}
