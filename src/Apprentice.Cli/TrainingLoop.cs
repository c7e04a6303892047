namespace Apprentice.Cli;

/// <summary>
/// Runs iterations until done or a stop request (Ctrl-C or SIGTERM), printing one progress line each (rewritten in
/// place on a terminal). Each iteration leaves a checkpoint behind, so a stop comes after the current one and nothing is lost;
/// a diverged iteration (NaN) fails the run but leaves the last good checkpoint in place. An interrupted run
/// exits with 130, as a shell reports a SIGINT, so scripts do not mistake it for a finished one.
/// </summary>
internal static class TrainingLoop
{
    public static int Run(TextWriter console, string directory, bool alreadyDone, Func<(string Line, bool Done)> iterate)
    {
        using var stop = new StopRequest();
        bool live = ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected;
        bool done = alreadyDone;
        while (!done && !stop.Requested)
        {
            string line;
            try
            {
                (line, done) = iterate();
            }
            catch (ArithmeticException ex)
            {
                if (live) console.WriteLine();
                RunFiles.EndEvents(directory, success: false);
                throw new TrainingFailedException($"{ex.Message}; the last good checkpoint is in '{directory}'");
            }
            if (live) console.Write($"\r{line}");
            else console.WriteLine(line);
        }
        if (live) console.WriteLine();
        if (!stop.Requested) return CliApp.Success; // the command says what it wrote once it has written everything
        console.WriteLine($"interrupted; checkpoint saved: resume with --resume {directory}");
        return CliApp.Interrupted;
    }
}
