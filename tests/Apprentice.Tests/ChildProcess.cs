using System.Diagnostics;

namespace Apprentice.Tests;

/// <summary>Runs another program to completion for a test, with its output captured.</summary>
internal static class ChildProcess
{
    /// <summary>Exit code, stdout and stderr; a run past <paramref name="timeout"/> is killed and throws.</summary>
    public static (int Exit, string Out, string Err) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes:F0} min");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
