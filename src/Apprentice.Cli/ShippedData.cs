namespace Apprentice.Cli;

/// <summary>
/// The experts and demonstrations the project ships (<c>data/experts</c>, <c>data/demos</c>): the working directory's
/// copy when it has one (a clone of the repository), else the copy installed with the tool, so that an installed
/// <c>apprentice</c> finds them from any folder.
/// </summary>
internal static class ShippedData
{
    /// <summary><c>data/&lt;name&gt;</c> here if it exists, else beside the tool if it exists there, else <c>data/&lt;name&gt;</c> (for the error message).</summary>
    public static string Folder(string name)
    {
        string local = Path.Combine("data", name);
        if (Directory.Exists(local)) return local;
        string installed = Path.Combine(AppContext.BaseDirectory, "data", name);
        return Directory.Exists(installed) ? installed : local;
    }
}
