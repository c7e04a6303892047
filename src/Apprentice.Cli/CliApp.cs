using System.CommandLine;
using Apprentice.Cli.Commands;

using Spectre.Console;

namespace Apprentice.Cli;

/// <summary>
/// The `apprentice` command line: builds the command tree, parses, runs, and turns every failure into
/// one line on stderr with an exit code (0 success, 1 a run failed, 2 bad input). Nothing below this
/// class exits the process or prints a stack trace.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Detect,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
            console.Profile.Width = 200; // tables in files and pipes should not wrap at 80 columns
        var envAssemblies = new Option<string[]>("--env-assembly")
        {
            Description = "A .NET assembly of your own tasks (its IEnvRegistration classes are run first); may be repeated.",
            Recursive = true,
        };
        RootCommand root = BuildRoot(console);
        root.Options.Add(envAssemblies);
        ParseResult parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            // An unknown word explains the rest ("required command was not provided" follows from it), so say it first.
            string message = parsed.UnmatchedTokens.Count > 0
                ? $"unrecognized command or argument '{parsed.UnmatchedTokens[0]}'"
                : ParseErrorWording.Describe(parsed.Errors[0]);
            error.WriteLine($"apprentice: {message} (see 'apprentice --help')");
            return BadInput;
        }
        try
        {
            foreach (string path in parsed.GetValue(envAssemblies) ?? []) EnvAssemblies.Load(path);
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = output,
                Error = error,
            });
        }
        catch (InputException ex)
        {
            error.WriteLine($"apprentice: {ex.Message}");
            return BadInput;
        }
        catch (TrainingFailedException ex)
        {
            error.WriteLine($"apprentice: {ex.Message}");
            return RunFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"apprentice: {OneLine(ex.Message)}"); // a file that cannot be read or written says which
            return RunFailed;
        }
        catch (Exception ex)
        {
            error.WriteLine($"apprentice: {ex.GetType().Name}: {OneLine(ex.Message)}");
            return RunFailed;
        }
    }

    private static RootCommand BuildRoot(IAnsiConsole console)
    {
        var root = new RootCommand("Apprentice: imitation learning for .NET (GAIL, behaviour cloning, FEM, GTAL).");
        root.Subcommands.Add(EnvsCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(DemosCommand.Create());
        root.Subcommands.Add(ImitateCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(SummaryCommand.Create(console));
        root.Subcommands.Add(ReproduceCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>A message as one line: its line breaks and tabs become spaces.</summary>
    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
}
