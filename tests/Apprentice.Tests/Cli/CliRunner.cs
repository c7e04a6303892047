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

    /// <summary>The CPU time a running process has spent, user and system (from /proc/PID/stat), in seconds.</summary>
    public static double CpuSeconds(Process process)
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
