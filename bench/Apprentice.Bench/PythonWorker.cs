using System.Diagnostics;
using System.Globalization;

namespace Apprentice.Bench;

/// <summary>
/// A Python process that runs one benchmark piece per line sent and answers "wall_ms cpu_ms", kept alive for the
/// whole benchmark so that its pieces and ours can be interleaved. BLAS and OpenMP are pinned to one thread, so
/// its thread-CPU time covers all the work it does.
/// </summary>
internal sealed class PythonWorker : IDisposable
{
    private readonly Process _process;

    private PythonWorker(Process process, string banner)
    {
        _process = process;
        Banner = banner;
    }

    /// <summary>What the script printed when it was ready (library versions).</summary>
    public string Banner { get; }

    /// <summary>Starts <paramref name="script"/> with its arguments; null, with the reason, when it does not come up.</summary>
    public static PythonWorker? Start(string python, string script, IEnumerable<string> arguments, out string? error)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (string a in arguments) info.ArgumentList.Add(a);
        foreach (string name in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
            info.Environment[name] = "1";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            error = $"cannot start {python}: {ex.Message}";
            return null;
        }
        string? banner = process.StandardOutput.ReadLine();
        if (banner is null || !banner.StartsWith("ready", StringComparison.Ordinal))
        {
            string stderr = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            error = stderr.Length > 0 ? stderr.Split('\n')[^1] : $"{python} {script} exited with code {process.ExitCode}";
            process.Dispose();
            return null;
        }
        error = null;
        return new PythonWorker(process, banner["ready".Length..].Trim());
    }

    /// <summary>Runs one command and returns the (wall ms, thread CPU ms) the script measured.</summary>
    public (double Wall, double Cpu) Run(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine();
        string[] parts = line?.Split(' ') ?? [];
        if (parts.Length != 2)
            throw new InvalidOperationException($"the Python side failed on '{command}': {LastError()}");
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private string LastError()
    {
        _process.StandardInput.Close();
        string stderr = _process.StandardError.ReadToEnd().Trim();
        return stderr.Length > 0 ? stderr.Split('\n')[^1] : $"exited with code {(_process.WaitForExit(5000) ? _process.ExitCode : -1)}";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        catch (IOException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
