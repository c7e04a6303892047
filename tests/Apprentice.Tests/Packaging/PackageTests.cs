using System.IO.Compression;
using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Packaging;

/// <summary>
/// The two NuGet packages as users install them: <c>dotnet pack</c> of the library and of the tool from the binaries
/// this test run was built with, their contents, and the tool installed into a folder of its own and run from an
/// empty working directory, where it must find the experts it ships.
/// </summary>
public sealed class PackageTests(PackageTests.Packages packages) : IClassFixture<PackageTests.Packages>
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Packs both projects once for the class into a temporary folder.</summary>
    public sealed class Packages : IDisposable
    {
        public Packages()
        {
            string root = Repository.Root() ?? throw new InvalidOperationException("the repository is not above the test binaries");
            Folder = Directory.CreateTempSubdirectory("apprentice-packages-").FullName;
            foreach (string project in new[] { "src/Apprentice", "src/Apprentice.Cli" })
                Dotnet(root, "pack", Path.Combine(root, project), "--no-build", "-c", Configuration, "-o", Path.Combine(Folder, "feed"), "-nologo");
        }

        public string Folder { get; }

        public string Feed => Path.Combine(Folder, "feed");

        public string Package(string id) => Directory.GetFiles(Feed, $"{id}.*.nupkg").Single();

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    [Fact]
    public void Library_HasTheAssemblyItsDocsAndReadme_AndTheMuJoCoShimWhenBuilt()
    {
        string[] entries = Entries(packages.Package("Apprentice.Core"));
        Assert.Contains("lib/net10.0/Apprentice.Core.dll", entries);
        Assert.Contains("lib/net10.0/Apprentice.Core.xml", entries);
        Assert.Contains("README.md", entries);
        if (MjNative.IsAvailable) Assert.Contains("runtimes/linux-x64/native/libapprentice_mujoco.so", entries);
    }

    [Fact]
    public void Tool_HasTheCommandTheShippedDataAndOnlyLinuxX64NativeLibraries()
    {
        string package = packages.Package("Apprentice.Cli");
        string[] entries = Entries(package);
        const string tool = "tools/net10.0/any/";
        Assert.Contains(tool + "apprentice.dll", entries);
        Assert.Contains(tool + "DotnetToolSettings.xml", entries);
        Assert.Contains(tool + "data/experts/CartPole-v0.safetensors", entries);
        Assert.Contains(tool + "data/experts/Hopper-v4.safetensors", entries);
        Assert.Contains(tool + "data/demos/CartPole-v1.npz", entries);
        string[] foreign = [.. entries.Where(e => e.StartsWith(tool + "runtimes/", StringComparison.Ordinal) && !e.StartsWith(tool + "runtimes/linux-x64/", StringComparison.Ordinal))];
        Assert.True(foreign.Length == 0, "other platforms' files: " + string.Join(", ", foreign));
        Assert.InRange(new FileInfo(package).Length, 1, 20_000_000);
    }

    [Fact]
    public void Tool_Installed_RunsFromAnEmptyFolder_WithTheExpertsItShips()
    {
        string tools = Path.Combine(packages.Folder, "tools"), work = Path.Combine(packages.Folder, "work");
        Directory.CreateDirectory(work);
        Dotnet(work, "tool", "install", "Apprentice.Cli", "--tool-path", tools, "--add-source", packages.Feed, "--ignore-failed-sources");
        string output = Run(Path.Combine(tools, "apprentice"), work,
            "reproduce", "--tasks", "CartPole-v0", "--algos", "bc", "--trajectories", "1", "--runs", "1", "--dry-run", "--out", "r");
        Assert.Contains("CartPole-v0 bc k=1 run 0: to train", output);
        Assert.False(Directory.Exists(Path.Combine(work, "r")), "a dry run wrote its folder");
    }

    private static void Dotnet(string workingDirectory, params string[] arguments) => Run("dotnet", workingDirectory, arguments);

    /// <summary>Runs a program to completion (5 minutes at most) and returns its output; a failure throws with it.</summary>
    private static string Run(string program, string workingDirectory, params string[] arguments)
    {
        var (exit, stdout, stderr) = ChildProcess.Run(program, arguments, TimeSpan.FromMinutes(5), workingDirectory);
        if (exit != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with code {exit}:\n{stdout}{stderr}");
        return stdout + stderr;
    }
}
