namespace Apprentice.Tests;

/// <summary>The clone the tests were built from, for the few tests that need its sources rather than copied data.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>Apprentice.slnx</c> (or <c>.git</c>) above the test binaries, or null.</summary>
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git) || File.Exists(Path.Combine(dir.FullName, "Apprentice.slnx"))) return dir.FullName;
        }
        return null;
    }
}
