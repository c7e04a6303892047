using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// The parser's complaint about an option's value, as one line that names the option, what it takes and what it got
/// ("--steps takes a whole number; got 'abc'"). The parser's own words name a .NET type
/// (<c>System.Nullable`1[System.Int64]</c>) or list the allowed values over several lines.
/// </summary>
internal static class ParseErrorWording
{
    public static string Describe(ParseError error)
    {
        SymbolResult? result = error.SymbolResult;
        Option? option = result switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        if (option is not null)
        {
            foreach (Token token in result!.Tokens)
            {
                if (Refusal(option, token.Value) is { } takes)
                    return $"{option.Name} takes {takes}; got '{token.Value}'";
            }
        }
        return CliApp.OneLine(error.Message);
    }

    /// <summary>What the option takes, when <paramref name="value"/> is not that; null when it is.</summary>
    private static string? Refusal(Option option, string value)
    {
        Type type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type.IsArray) type = type.GetElementType()!;
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        if (type == typeof(int))
            return int.TryParse(value, Integer, invariant, out _) ? null : WholeNumber(value, int.MinValue, int.MaxValue);
        if (type == typeof(long))
            return long.TryParse(value, Integer, invariant, out _) ? null : WholeNumber(value, long.MinValue, long.MaxValue);
        if (type == typeof(double) || type == typeof(float))
            return double.TryParse(value, NumberStyles.Float, invariant, out _) ? null : "a number";
        string[] choices = [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label)];
        if (choices.Length > 0 && !choices.Contains(value))
            return choices.Length == 1 ? choices[0] : $"{string.Join(", ", choices[..^1])} or {choices[^1]}";
        return null;
    }

    /// <summary>"a whole number", with its range when the value is one that does not fit.</summary>
    private static string WholeNumber(string value, long min, long max)
    {
        string digits = value.StartsWith('-') ? value[1..] : value;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}")
            : "a whole number";
    }
}
