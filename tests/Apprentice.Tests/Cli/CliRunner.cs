using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Apprentice.Cli;

namespace Apprentice.Tests.Cli;

/// <summary>Runs the CLI in-process and captures what it prints; or as a process of its own, to be stopped as `kill` stops it.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The built tool as a separate process (a background job, as far as signals go), its output redirected.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "apprentice")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>
    /// Runs the built tool as a process of its own and sends it SIGTERM once it is under way: when it has printed a
    /// line starting with <paramref name="afterLine"/>, or, when that is null, when it has spent 2 s of its own CPU time
    /// (not the clock's, so that a loaded machine cannot make the signal come before the command listens for it).
    /// Returns its exit code, what it printed from then on (all of it without a line to wait for), and its errors.
    /// </summary>
    public static (int Exit, string Out, string Err) RunUntilTerminated(string? afterLine, params string[] args)
    {
        using Process process = Start(args);
        Task<string> errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (afterLine is null)
        {
            while (!process.HasExited && CpuSeconds(process) < 2) Thread.Sleep(50);
        }
        else
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith(afterLine, StringComparison.Ordinal)) { }
            Assert.True(line is not null, $"it ended without a line starting '{afterLine}'");
        }
        Assert.Equal(0, Terminate(process));
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "still running a minute after SIGTERM");
        return (process.ExitCode, output, errors.Result);
    }

    /// <summary>The CPU time a running process has spent, user and system (from /proc/PID/stat), in seconds.</summary>
    private static double CpuSeconds(Process process)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{process.Id}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after the command's name, which may hold spaces
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // utime, stime in USER_HZ
        }
        catch (IOException)
        {
            return 0; // it has exited
        }
    }

    /// <summary>Sends SIGTERM, what `kill` sends; 0 when it was sent.</summary>
    public static int Terminate(Process process) => Kill(process.Id, 15);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
