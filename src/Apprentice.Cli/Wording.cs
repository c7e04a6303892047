using System.Globalization;

namespace Apprentice.Cli;

/// <summary>Counts and ordinals in the tool's messages: "1 trajectory", "3 trajectories", "every 2nd pair".</summary>
internal static class Wording
{
    public static string Count(long n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");

    /// <summary>"every pair" for 1, else "every 2nd pair", "every 3rd pair", "every 20th pair", "every 21st pair".</summary>
    public static string EveryKth(int k, string noun) => k == 1 ? $"every {noun}" : $"every {Ordinal(k)} {noun}";

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string Or(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    private static string Ordinal(int k)
    {
        string suffix = (k % 100) is 11 or 12 or 13 ? "th" : (k % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return k.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
