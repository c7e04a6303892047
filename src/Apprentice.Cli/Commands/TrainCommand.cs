using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>`apprentice train`: TRPO (or PPO) on an environment's own reward (how experts are made), with checkpoints and resume.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Environment id (see 'apprentice envs')." };
        var steps = new Option<long?>("--steps") { Description = "Environment steps to train for (default 1,000,000)." };
        var batch = new Option<int?>("--batch") { Description = "State-action pairs per iteration (default 5,000)." };
        var seed = SeedOption.Optional("Root seed of the run (default 0).");
        var envs = new Option<int?>("--envs") { Description = "Env copies sampled together (default 8; changes the numbers)." };
        var workers = new Option<int?>("--workers") { Description = "Threads stepping the copies (default 1; does not change the numbers)." };
        var maxKl = new Option<double?>("--max-kl") { Description = "TRPO KL bound (default 0.01)." };
        var entropyWeight = new Option<double?>("--entropy-weight") { Description = "Entropy bonus weight of the policy step's objective (default 0)." };
        var fisherSubsample = new Option<double?>("--fisher-subsample") { Description = "Fraction of the batch for TRPO's Fisher-vector products (default 0.1, as the authors; 1 = all)." };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer widths, comma-separated (default 100,100; with --init-policy, its own)." };
        var activation = new Option<string?>("--activation") { Description = "Hidden nonlinearity: tanh (default; with --init-policy, its own), relu or leaky-relu (slope 0.01, the authors' MuJoCo experts)." };
        var gamma = new Option<double?>("--gamma") { Description = "Discount γ (default 0.995, as the authors)." };
        var lam = new Option<double?>("--lam") { Description = "GAE λ (default 0.97)." };
        var initLogStd = new Option<double?>("--init-log-std") { Description = "Initial log σ of a Gaussian policy (default 0, σ = 1, as the authors)." };
        var maxEpisodeSteps = new Option<int?>("--max-episode-steps") { Description = "Override the env's episode limit." };
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/<env>-trpo-s<seed>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory (its config; --steps may extend it)." };
        var initPolicy = InitialPolicyOption.Create("Start from this saved policy (a policy.safetensors or the run folder holding one: a behaviour-cloning or imitation run's, say) instead of random weights, to fine-tune it on the env's reward; its widths and units are the run's unless --hidden or --activation say otherwise.");
        var tensorboard = RunFiles.TensorBoardOption();
        var policyStep = new PolicyStepOptions();
        var command = new Command("train", "Train a policy with TRPO (or PPO) on the environment's reward; writes policy.safetensors, config.json, metrics.csv and curve.png.")
        {
            env, steps, batch, seed, envs, workers, maxKl, entropyWeight, fisherSubsample, hidden, activation, gamma, lam, initLogStd, maxEpisodeSteps, output, resume, initPolicy, tensorboard,
        };
        foreach (Option option in policyStep.All) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string? resumeDir = parsed.GetValue(resume);
            TrainConfig config;
            string directory;
            MlpPolicy? initial = null;
            if (resumeDir is not null)
            {
                RefuseBesideResume(parsed, command, "only --steps may extend it, --workers change", resume, steps, workers, tensorboard);
                directory = resumeDir;
                config = RunFiles.ReadConfig<TrainConfig>(directory, resumedBy: "train");
                if (parsed.GetValue(steps) is long more) config = config with { Steps = more };
                if (parsed.GetValue(workers) is int w) config = config with { Workers = w };
            }
            else
            {
                string id = parsed.GetValue(env) ?? throw new InputException("--env is required (or --resume DIR)");
                Gym.Spec(id);
                PpoConfig? ppo = policyStep.Parse(parsed, maxKl, fisherSubsample);
                IReadOnlyList<int>? widths = ParseHidden(parsed.GetValue(hidden));
                Activation? units = ParseActivation(parsed.GetValue(activation));
                string? initialPath = null;
                if (parsed.GetValue(initPolicy) is string given)
                {
                    if (parsed.GetValue(initLogStd) is not null) throw new InputException("--init-log-std does not apply beside --init-policy, whose log σ the run starts from");
                    (initialPath, initial) = InitialPolicyOption.Load(given, id, widths, units, parsed.InvocationConfiguration.Output);
                    widths ??= initial.HiddenSizes;
                    units ??= initial.Network.Hidden;
                }
                config = new TrainConfig { EnvId = id, InitialPolicy = initialPath };
                config = config with
                {
                    Steps = parsed.GetValue(steps) ?? config.Steps,
                    Batch = parsed.GetValue(batch) ?? config.Batch,
                    Seed = parsed.GetValue(seed) ?? config.Seed,
                    Envs = parsed.GetValue(envs) ?? config.Envs,
                    Workers = parsed.GetValue(workers) ?? config.Workers,
                    MaxEpisodeSteps = parsed.GetValue(maxEpisodeSteps),
                    Hidden = widths ?? config.Hidden,
                    Activation = units ?? config.Activation,
                    Gamma = parsed.GetValue(gamma) ?? config.Gamma,
                    Lam = parsed.GetValue(lam) ?? config.Lam,
                    InitLogStd = parsed.GetValue(initLogStd) ?? config.InitLogStd,
                    Trpo = config.Trpo with
                    {
                        MaxKl = parsed.GetValue(maxKl) ?? config.Trpo.MaxKl,
                        EntropyWeight = ppo is null ? parsed.GetValue(entropyWeight) ?? config.Trpo.EntropyWeight : config.Trpo.EntropyWeight,
                        FisherSubsample = parsed.GetValue(fisherSubsample) ?? config.Trpo.FisherSubsample,
                    },
                    Ppo = ppo is null ? null : ppo with { EntropyWeight = parsed.GetValue(entropyWeight) ?? ppo.EntropyWeight },
                };
                directory = parsed.GetValue(output) ?? RunFiles.DefaultDirectory(id, PolicyStepOptions.Name(config.Ppo), config.Seed);
            }
            Validate(config);
            TextWriter console = parsed.InvocationConfiguration.Output;
            using var trainer = new TrpoTrainer(config);
            using RunLock claim = RunLock.Acquire(directory);
            if (resumeDir is not null)
            {
                trainer.LoadCheckpoint(directory);
                console.WriteLine($"resuming {config.EnvId} from iteration {trainer.Iteration} ({trainer.EnvSteps:N0} env steps)" +
                    (trainer.Done ? $"; it has taken its {config.Steps:N0} steps, so there is nothing to train (--steps N extends it)" : ""));
            }
            else
            {
                PrepareFreshDirectory(directory);
                if (initial is not null)
                {
                    trainer.StartFrom(initial);
                    console.WriteLine($"starting from the policy in '{config.InitialPolicy}'");
                }
            }
            if (parsed.GetValue(tensorboard)) RunFiles.StartEvents(directory, config);
            RunFiles.WriteConfig(directory, config);
            double? threshold = Gym.Spec(config.EnvId).RewardThreshold;
            (string, double)[] levels = threshold is double t ? [("reward threshold", t)] : [];
            long lastCurve = Stopwatch.GetTimestamp();
            int exit = TrainingLoop.Run(console, directory, trainer.Done, () =>
            {
                IterationMetrics m = trainer.Step();
                trainer.SaveCheckpoint(directory);
                RunFiles.AppendMetrics(directory, IterationMetrics.CsvHeader, m.ToCsv(),
                    RunHistograms.Due(m.Iteration, config.Steps / config.Batch, trainer.Done) ? () => RunHistograms.Of(trainer) : null);
                // The mean return of each batch against env steps: at the end, and once a minute while it trains.
                if (trainer.Done || Stopwatch.GetElapsedTime(lastCurve) >= CurvePlot.RedrawEvery)
                {
                    CurvePlot.FromMetrics(directory, $"{PolicyStepOptions.Name(config.Ppo).ToUpperInvariant()} on {config.EnvId}", 1, 4, levels);
                    lastCurve = Stopwatch.GetTimestamp();
                }
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"iter {m.Iteration,4}  steps {m.EnvSteps,10:N0}  return {m.MeanReturn,9:F2} ± {m.StdReturn,7:F2}  len {m.MeanLength,6:F1}  kl {m.Kl:F4}  ent {m.Entropy,6:F3}  vloss {m.ValueLoss:F3}  {m.Seconds,7:F1}s{TrainingPace.Left(m.Seconds, m.EnvSteps, config.Steps)}");
                return (line, trainer.Done);
            });
            if (exit == CliApp.Success)
            {
                RunFiles.EndEvents(directory, success: true);
                console.WriteLine($"wrote policy.safetensors, config.json, metrics.csv and curve.png in {directory}");
            }
            return exit;
        });
        return command;
    }

    internal static IReadOnlyList<int>? ParseHidden(string? text)
    {
        if (text is null) return null;
        try
        {
            int[] sizes = text.Split(',', StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (sizes.Any(s => s <= 0)) throw new FormatException();
            return sizes;
        }
        catch (FormatException)
        {
            throw new InputException($"--hidden takes positive widths separated by commas, e.g. 100,100; got '{text}'");
        }
    }

    private static Activation? ParseActivation(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        "leaky-relu" => Activation.LeakyRelu,
        _ => throw new InputException($"--activation takes tanh, relu or leaky-relu; got '{text}'"),
    };

    private static void Validate(TrainConfig c)
    {
        if (c.Steps <= 0) throw new InputException($"--steps must be positive, got {c.Steps}");
        CheckPolicyStep(c.Batch, c.Envs, c.Workers, c.Gamma, c.Lam, c.Trpo, c.Trpo.EntropyWeight);
        if (c.Ppo is not null) PolicyStepOptions.Check(c.Ppo);
        if (!double.IsFinite(c.InitLogStd)) throw new InputException($"--init-log-std must be a finite number, got {c.InitLogStd}");
    }

    /// <summary>The sampling and TRPO settings `train` and `imitate` share, each named by its option.</summary>
    /// <param name="entropyWeight">What --entropy-weight set: train's entropy bonus, or imitate's causal-entropy weight λ.</param>
    internal static void CheckPolicyStep(int batch, int envs, int workers, double gamma, double lam, TrpoConfig trpo, double entropyWeight)
    {
        if (batch <= 0) throw new InputException($"--batch must be positive, got {batch}");
        if (envs <= 0) throw new InputException($"--envs must be positive, got {envs}");
        if (workers <= 0 || workers > envs) throw new InputException($"--workers must be between 1 and --envs ({envs}), got {workers}");
        if (!(gamma > 0 && gamma <= 1)) throw new InputException($"--gamma must be in (0, 1], got {gamma}");
        if (!(lam >= 0 && lam <= 1)) throw new InputException($"--lam must be in [0, 1], got {lam}");
        if (!(trpo.MaxKl > 0 && double.IsFinite(trpo.MaxKl))) throw new InputException($"--max-kl must be positive, got {trpo.MaxKl}");
        if (!(entropyWeight >= 0 && double.IsFinite(entropyWeight)))
            throw new InputException($"--entropy-weight must be a non-negative number, got {entropyWeight}");
        if (!(trpo.FisherSubsample > 0 && trpo.FisherSubsample <= 1))
            throw new InputException($"--fisher-subsample must be in (0, 1], got {trpo.FisherSubsample}");
    }

    /// <summary>The first of <paramref name="options"/> the user gave (not just defaulted), or null.</summary>
    internal static Option? FirstGiven(ParseResult parsed, IEnumerable<Option> options) =>
        options.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false });

    /// <summary>
    /// A resumed run keeps its config.json, so a setting given beside --resume would be silently ignored: it is
    /// refused, except the <paramref name="allowed"/> ones the command applies (<paramref name="which"/> says so).
    /// </summary>
    internal static void RefuseBesideResume(ParseResult parsed, Command command, string which, params Option[] allowed)
    {
        if (FirstGiven(parsed, command.Options.Except(allowed)) is Option given)
            throw new InputException($"{given.Name} cannot be given with --resume: the run keeps its config.json ({which})");
    }

    /// <summary>A new run must not silently mix with an old one's checkpoint and metrics.</summary>
    internal static void PrepareFreshDirectory(string directory)
    {
        if (File.Exists(Path.Combine(directory, "metrics.csv")))
            throw new InputException($"'{directory}' already holds a run; use --resume {directory} to continue it or --out for a new directory");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot make the run folder '{directory}' ({CliApp.OneLine(ex.Message)}); give --out a folder that can be written");
        }
    }
}
