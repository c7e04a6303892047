using System.Collections.Concurrent;
using System.Text.Json;

namespace Apprentice.Tests.Data;

/// <summary>
/// A Python with a given module for the interop tests: <c>/usr/bin/python3</c> (Debian's packages) or
/// <c>APPRENTICE_PYTHON</c>. A test without one skips, unless its CI flag (set by <c>.ci/run</c>, whose setup
/// installs the packages) requires it.
/// </summary>
internal sealed record PythonModule(string Module, string RequireFlag, string DebianPackage)
{
    public static readonly PythonModule NumPy = new("numpy", "APPRENTICE_REQUIRE_NUMPY", "python3-numpy");

    public static readonly PythonModule H5py = new("h5py", "APPRENTICE_REQUIRE_H5PY", "python3-h5py");

    public static readonly PythonModule Protobuf = new("google.protobuf", "APPRENTICE_REQUIRE_PROTOBUF", "python3-protobuf");

    private static readonly ConcurrentDictionary<string, string?> Found = new();

    /// <summary>The Python to run, or the test skips (or fails where <see cref="RequireFlag"/> is 1).</summary>
    public string Require()
    {
        if (Found.GetOrAdd(Module, Find) is string python) return python;
        if (Environment.GetEnvironmentVariable(RequireFlag) == "1")
            Assert.Fail($"{RequireFlag}=1 but no Python with {Module} was found (apt-get install {DebianPackage})");
        Assert.Skip($"no Python with {Module} (apt-get install {DebianPackage}, or set APPRENTICE_PYTHON)");
        return "";
    }

    /// <summary>Runs a script with the module's Python and parses the JSON it prints.</summary>
    public JsonElement RunJson(string script, params string[] arguments)
    {
        var (exit, output, error) = Run(Require(), script, arguments);
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private static string? Find(string module)
    {
        string candidate = Environment.GetEnvironmentVariable("APPRENTICE_PYTHON") ?? "/usr/bin/python3";
        try
        {
            return Run(candidate, $"import {module}").Exit == 0 ? candidate : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static (int Exit, string Out, string Err) Run(string python, string script, params string[] arguments) =>
        ChildProcess.Run(python, ["-c", script, .. arguments], TimeSpan.FromMinutes(1));
}
