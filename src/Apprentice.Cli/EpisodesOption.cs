using System.CommandLine;
using System.Globalization;

namespace Apprentice.Cli;

/// <summary>
/// A number of episodes (--episodes, --eval-episodes, render's --skip): refused at parsing outside [min, <see cref="Max"/>],
/// so that a run never starts with it. The bound keeps a run's per-episode returns and lengths (and a recording's
/// trajectories) within memory: two billion episodes would otherwise fail on allocation, or after hours of running.
/// </summary>
internal static class EpisodesOption
{
    /// <summary>The most episodes one command runs.</summary>
    public const int Max = 1_000_000;

    /// <summary>A count from 1 (0 with <paramref name="allowZero"/>) to <see cref="Max"/>.</summary>
    public static Option<int> Create(string name, string description, int? defaultValue = null, bool allowZero = false)
    {
        var option = new Option<int>(name) { Description = string.Create(CultureInfo.InvariantCulture, $"{description} At most {Max:N0}."), Required = defaultValue is null };
        if (defaultValue is int value) option.DefaultValueFactory = _ => value;
        int min = allowZero ? 0 : 1;
        WholeNumberCheck.Add(option, n => Problem(name, n, min));
        return option;
    }

    /// <summary>The same bound on a count read from elsewhere (a run's config).</summary>
    public static void Check(string name, int n)
    {
        if (Problem(name, n, 1) is string problem) throw new InputException(problem);
    }

    private static string? Problem(string name, int n, int min) => n < min
        ? $"{name} must be {(min == 1 ? "positive" : "0 or more")}, got {n}"
        : n > Max ? string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {Max:N0}, got {n:N0}") : null;
}
