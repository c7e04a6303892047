using System.CommandLine;
using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice imitate`: GAIL, behaviour cloning, FEM or GTAL from a demonstrations file. Everything about the input is
/// checked before the run directory is touched; the run ends with a 50-episode evaluation of the final policy
/// (deterministic, as the authors evaluated) written to result.json and shown against the expert and a random policy.
/// </summary>
public static class ImitateCommand
{
    public static Command Create()
    {
        var algo = new Option<string>("--algo") { Description = "gail, bc, or the linear-cost baselines fem and gtal.", DefaultValueFactory = _ => "gail" };
        algo.AcceptOnlyFromAmong("gail", "bc", "fem", "gtal");
        var env = new Option<string?>("--env") { Description = "Environment id (see 'apprentice envs')." };
        var demos = new Option<string?>("--demos") { Description = "Demonstrations (.npz, HumanCompatibleAI/imitation layout)." };
        var trajectories = new Option<int?>("--trajectories") { Description = "Use the first K trajectories (default: all)." };
        var subsample = new Option<int?>("--subsample") { Description = "Keep every k-th expert pair from a random offset (default: per task, as the authors)." };
        var iterations = new Option<int?>("--iterations") { Description = "GAIL iterations (default per task: 300 classic) or BC steps (1,001 classic)." };
        var batch = new Option<int?>("--batch") { Description = "GAIL pairs per iteration (default 5,000 classic, 50,000 MuJoCo); BC minibatch (128)." };
        var seed = new Option<int?>("--seed") { Description = "Root seed (default 0)." };
        var envs = new Option<int?>("--envs") { Description = "Env copies sampled together (default 8)." };
        var workers = new Option<int?>("--workers") { Description = "Threads stepping the copies (default 1; same results)." };
        var entropyWeight = new Option<double?>("--entropy-weight") { Description = "Causal-entropy weight λ (default 0, as the paper's runs)." };
        var rewardSign = new Option<string?>("--reward-sign") { Description = "positive (−log(1−D)) or negative (log D); default per task." };
        rewardSign.AcceptOnlyFromAmong("positive", "negative");
        var evalEpisodes = new Option<int>("--eval-episodes") { Description = "Episodes of the final evaluation.", DefaultValueFactory = _ => 50 };
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/<env>-<algo>-s<seed>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the GAIL run in this directory." };
        var command = new Command("imitate", "Learn a policy from demonstrations with GAIL (default), behaviour cloning, FEM or GTAL.")
        {
            algo, env, demos, trajectories, subsample, iterations, batch, seed, envs, workers, entropyWeight, rewardSign, evalEpisodes, output, resume,
        };
        command.SetAction(parsed =>
        {
            ImitateRun run;
            string directory;
            string? resumeDir = parsed.GetValue(resume);
            if (resumeDir is not null)
            {
                directory = resumeDir;
                run = RunFiles.ReadConfig<ImitateRun>(directory);
                if (run.Gail is null) throw new InputException($"'{directory}' is a behaviour-cloning run; only GAIL, FEM and GTAL runs resume");
                if (parsed.GetValue(iterations) is int more) run = run with { Gail = run.Gail with { Iterations = more } };
            }
            else
            {
                string id = parsed.GetValue(env) ?? throw new InputException("--env is required (or --resume DIR)");
                string demoPath = parsed.GetValue(demos) ?? throw new InputException("--demos is required");
                Gym.Spec(id);
                int s = parsed.GetValue(seed) ?? 0;
                GailConfig defaults = GailConfig.ForTask(id);
                int k = parsed.GetValue(subsample) ?? defaults.Subsample;
                if (k <= 0) throw new InputException($"--subsample must be positive, got {k}");
                string algorithm = parsed.GetRequiredValue(algo);
                run = new ImitateRun(algorithm, id, demoPath, parsed.GetValue(trajectories), k, s, parsed.GetValue(evalEpisodes), null, null);
                if (algorithm != "bc")
                {
                    run = run with
                    {
                        Gail = defaults with
                        {
                            Cost = algorithm switch { "fem" => CostModel.Fem, "gtal" => CostModel.Gtal, _ => CostModel.Discriminator },
                            Seed = s,
                            Subsample = k,
                            Trajectories = parsed.GetValue(trajectories),
                            Iterations = parsed.GetValue(iterations) ?? defaults.Iterations,
                            Batch = parsed.GetValue(batch) ?? defaults.Batch,
                            Envs = parsed.GetValue(envs) ?? defaults.Envs,
                            Workers = parsed.GetValue(workers) ?? defaults.Workers,
                            EntropyWeight = parsed.GetValue(entropyWeight) ?? defaults.EntropyWeight,
                            RewardSign = parsed.GetValue(rewardSign) is string sign ? Enum.Parse<RewardSign>(sign, ignoreCase: true) : defaults.RewardSign,
                        },
                    };
                }
                else
                {
                    BehaviorCloningConfig bc = BehaviorCloningConfig.ForTask(id);
                    run = run with
                    {
                        Bc = bc with
                        {
                            Seed = s,
                            Steps = parsed.GetValue(iterations) ?? bc.Steps,
                            Batch = parsed.GetValue(batch) ?? bc.Batch,
                        },
                    };
                }
                directory = parsed.GetValue(output) ?? RunFiles.DefaultDirectory(id, algorithm, s);
            }
            if (run.EvalEpisodes <= 0) throw new InputException($"--eval-episodes must be positive, got {run.EvalEpisodes}");

            // Everything about the input is checked before the run directory is created.
            using IEnv probe = Gym.Make(run.EnvId);
            ExpertPairs expert = LoadExpert(run, probe, out Demonstrations demonstrations, out double? expertReturn);
            if (resumeDir is null) TrainCommand.PrepareFreshDirectory(directory);
            RunFiles.WriteConfig(directory, run);
            TextWriter console = parsed.InvocationConfiguration.Output;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Algo} on {run.EnvId}: {demonstrations.TrajectoryCount} expert trajectories, {expert.Count} pairs (every {run.Subsample}th) from {run.Demos}"));

            int exit = run.Gail is not null
                ? RunGail(console, directory, run.Gail, expert, resumeDir is not null)
                : RunBehaviorCloning(console, directory, run, expert, probe.ActionSpace);
            if (exit != CliApp.Success) return exit;
            Report(console, directory, run, demonstrations.TrajectoryCount, expertReturn);
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The expert pairs to learn from; the expert's level is the mean return of the whole file, whatever K is used.</summary>
    private static ExpertPairs LoadExpert(ImitateRun run, IEnv env, out Demonstrations demonstrations, out double? expertReturn)
    {
        if (!File.Exists(run.Demos)) throw new InputException($"demonstrations file '{run.Demos}' does not exist");
        demonstrations = Demonstrations.Load(run.Demos);
        demonstrations.Validate(env);
        expertReturn = demonstrations.Returns?.Average();
        if (run.Trajectories is int k) demonstrations = demonstrations.Take(k);
        return demonstrations.Pairs(run.Subsample, new Rng((ulong)run.Seed).Split("expert-subsample"));
    }

    private static int RunGail(TextWriter console, string directory, GailConfig config, ExpertPairs expert, bool resuming)
    {
        using var gail = new Gail(config, expert);
        if (resuming)
        {
            gail.LoadCheckpoint(directory);
            console.WriteLine($"resuming from iteration {gail.Iteration} ({gail.EnvSteps:N0} env steps)");
        }
        return TrainingLoop.Run(console, directory, gail.Done, () =>
        {
            GailMetrics m = gail.Step();
            gail.SaveCheckpoint(directory);
            RunFiles.AppendCsv(Path.Combine(directory, "metrics.csv"), GailMetrics.CsvHeader, m.ToCsv());
            string line = string.Create(CultureInfo.InvariantCulture,
                $"iter {m.Iteration,4}/{config.Iterations}  steps {m.EnvSteps,10:N0}  return {m.TrueReturn,9:F2}  imitation {m.ImitationReturn,8:F2}  D loss {m.DiscriminatorLoss:F3} acc {m.ExpertAccuracy:F2}/{m.PolicyAccuracy:F2}  kl {m.Kl:F4}  ent {m.Entropy,6:F3}  {m.Seconds,6:F1}s");
            return (line, gail.Done);
        });
    }

    private static int RunBehaviorCloning(TextWriter console, string directory, ImitateRun run, ExpertPairs expert, Space actionSpace)
    {
        BehaviorCloningConfig config = run.Bc!;
        var bc = new BehaviorCloning(config, expert, actionSpace);
        string metrics = Path.Combine(directory, "metrics.csv");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int exit = TrainingLoop.Run(console, directory, bc.Done, () =>
        {
            string line = "";
            while (!bc.Done)
            {
                int step = bc.Step;
                var (train, validation) = bc.Train();
                if (double.IsNaN(validation)) continue;
                double trueReturn = EvaluatePolicy(bc.Policy, run.EnvId, 10, run.Seed + 1).MeanReturn;
                RunFiles.AppendCsv(metrics, "step,train_loss,validation_loss,true_return,seconds",
                    string.Create(CultureInfo.InvariantCulture, $"{step},{train},{validation},{trueReturn},{clock.Elapsed.TotalSeconds}"));
                line = string.Create(CultureInfo.InvariantCulture,
                    $"step {step,6}/{config.Steps}  loss {train:F4}  validation {validation:F4}  return {trueReturn,9:F2}  {clock.Elapsed.TotalSeconds,6:F1}s");
                break;
            }
            if (bc.Done)
            {
                bc.KeepBest();
                PolicyFile.Save(bc.Policy, Path.Combine(directory, "policy.safetensors"), run.EnvId);
            }
            return (line, bc.Done);
        });
        return exit;
    }

    /// <summary>Evaluates the final policy, writes result.json and curve.png, and prints the comparison.</summary>
    private static void Report(TextWriter console, string directory, ImitateRun run, int trajectories, double? expert)
    {
        var (policy, _) = PolicyFile.Load(Path.Combine(directory, "policy.safetensors"));
        Evaluation final = EvaluatePolicy(policy, run.EnvId, run.EvalEpisodes, 1_000_000 + run.Seed);
        double random = EvaluateRandom(run.EnvId, run.EvalEpisodes, 2_000_000 + run.Seed).MeanReturn;
        var result = RunResult.Create(run, final, expert, random, trajectories);
        result.Write(directory);

        string metrics = Path.Combine(directory, "metrics.csv");
        string[] rows = File.ReadAllLines(metrics).Skip(1).ToArray();
        int xColumn = 1, yColumn = run.Gail is not null ? 4 : 3;
        double Column(string row, int c) => double.Parse(row.Split(',')[c], CultureInfo.InvariantCulture);
        CurvePlot.Write(Path.Combine(directory, "curve.png"), $"{run.Algo.ToUpperInvariant()} on {run.EnvId} ({trajectories} trajectories)",
            rows.Select(r => Column(r, run.Gail is not null ? xColumn : 0)).ToList(), rows.Select(r => Column(r, yColumn)).ToList(), expert, random,
            run.Gail is not null ? "environment steps" : "behaviour-cloning steps");
        console.WriteLine(result.Describe());
        console.WriteLine($"wrote policy.safetensors, metrics.csv, curve.png and result.json in {directory}");
    }

    internal static Evaluation EvaluatePolicy(MlpPolicy policy, string envId, int episodes, int seed)
    {
        using IEnv env = Gym.Make(envId);
        PolicyWorkspace ws = policy.CreateWorkspace();
        return Evaluation.Run(env, (o, a) => policy.Act(ws, o, 1, null, a), episodes, seed);
    }

    internal static Evaluation EvaluateRandom(string envId, int episodes, int seed)
    {
        using IEnv env = Gym.Make(envId);
        var rng = new Rng((ulong)seed);
        return Evaluation.Run(env, (_, a) => env.ActionSpace.Sample(rng, a), episodes, seed);
    }
}
