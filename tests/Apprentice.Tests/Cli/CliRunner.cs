using System.Diagnostics;
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

    /// <summary>Sends SIGTERM, what `kill` sends; 0 when it was sent.</summary>
    public static int Terminate(Process process) => Kill(process.Id, 15);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
