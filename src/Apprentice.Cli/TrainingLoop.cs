namespace Apprentice.Cli;

/// <summary>
/// Runs iterations until done or Ctrl-C, printing one progress line each (rewritten in place on a terminal).
/// Each iteration leaves a checkpoint behind, so Ctrl-C stops after the current one and nothing is lost;
/// a diverged iteration (NaN) fails the run but leaves the last good checkpoint in place. An interrupted run
/// exits with 130, as a shell reports a SIGINT, so scripts do not mistake it for a finished one.
/// </summary>
internal static class TrainingLoop
{
    public static int Run(TextWriter console, string directory, bool alreadyDone, Func<(string Line, bool Done)> iterate)
    {
        bool interrupted = false;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted = true;
        };
        Console.CancelKeyPress += onCancel;
        bool live = ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected;
        try
        {
            bool done = alreadyDone;
            while (!done && !interrupted)
            {
                string line;
                try
                {
                    (line, done) = iterate();
                }
                catch (ArithmeticException ex)
                {
                    if (live) console.WriteLine();
                    throw new TrainingFailedException($"{ex.Message}; the last good checkpoint is in '{directory}'");
                }
                if (live) console.Write($"\r{line}");
                else console.WriteLine(line);
            }
            if (live) console.WriteLine();
            console.WriteLine(interrupted
                ? $"interrupted; checkpoint saved: resume with --resume {directory}"
                : $"wrote {Path.Combine(directory, "policy.safetensors")}, config.json and metrics.csv in {directory}");
            return interrupted ? CliApp.Interrupted : CliApp.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
