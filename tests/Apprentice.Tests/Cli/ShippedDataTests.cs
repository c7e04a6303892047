using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

/// <summary>Where the shipped experts and demonstrations are looked for: here, then beside the tool and up from it.</summary>
public sealed class ShippedDataTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("apprentice-shipped-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Make(params string[] parts) => Directory.CreateDirectory(Path.Combine([_root, .. parts])).FullName;

    [Fact]
    public void Find_PrefersTheWorkingDirectory_ThenTheNearestAboveTheTool()
    {
        string clone = Make("clone"), tool = Make("clone", "src", "Apprentice.Cli", "bin", "Release", "net10.0"), elsewhere = Make("elsewhere");
        Make("clone", "data", "demos");
        Assert.Equal(Path.Combine(clone, "data", "demos"), ShippedData.Find("demos", elsewhere, tool)); // a build run from another folder

        Make("clone", "src", "Apprentice.Cli", "bin", "Release", "net10.0", "data", "demos");
        Assert.Equal(Path.Combine(tool, "data", "demos"), ShippedData.Find("demos", elsewhere, tool)); // an installed tool's own copy first

        Make("elsewhere", "data", "demos");
        Assert.Equal(Path.Combine(elsewhere, "data", "demos"), ShippedData.Find("demos", elsewhere, tool));
        Assert.Null(ShippedData.Find("experts", elsewhere, tool));
    }
}
