using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice reproduce`: the paper's experiment (Ho &amp; Ermon 2016, Figure 1 and Table 1). For each task it samples
/// an expert pool from the shipped expert, then trains every cell (task × algorithm × number of trajectories × run; GAIL
/// also × causal-entropy weight λ, the paper's study on Reacher),
/// evaluates each final policy, and writes results.csv, results.md and figure.png, both beside the paper's figures.
/// Cells run in parallel (--jobs), each seeded by its run index and sampling on its share of the cores (MuJoCo);
/// finished cells are kept, so a stopped reproduction resumes where it stopped.
/// </summary>
public static class ReproduceCommand
{
    private static readonly string[] AllAlgos = ["bc", "fem", "gtal", "gail"];

    public static Command Create()
    {
        var tasks = new Option<string?>("--tasks") { Description = "Comma-separated task ids (another version of one of the paper's tasks, such as Hopper-v5, gets that task's defaults below, without its figures), or the groups classic (CartPole-v0, Acrobot-v1, MountainCar-v0; the default), mujoco (the paper's six MuJoCo tasks) and paper (all nine)." };
        var algos = new Option<string?>("--algos") { Description = "Comma-separated algorithms (default: the paper's for each task, bc,fem,gtal,gail; bc,gail on Reacher)." };
        var entropyWeights = new Option<string?>("--entropy-weights") { Description = "GAIL's causal-entropy weights λ, one column each (default: the paper's, 0; 0,0.001,0.01,0.1 on Reacher)." };
        var sizes = new Option<string?>("--trajectories") { Description = "Numbers of expert trajectories (default: the paper's per task, 1,4,7,10 classic; 4,11,18,25 MuJoCo; 4,11,18 Reacher; 80,160,240 Humanoid)." };
        var runs = new Option<int?>("--runs") { Description = "Runs per cell (default: the paper's, 7 classic and Reacher, 1 the other MuJoCo tasks)." };
        var budget = new Option<double>("--budget") { Description = "Scale the iterations (GAIL/FEM/GTAL) and steps (BC) by this factor, for a quick look.", DefaultValueFactory = _ => 1.0 };
        var jobs = new Option<int>("--jobs") { Description = "Cells trained in parallel.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var workers = new Option<int?>("--workers") { Description = "Threads stepping each cell's env copies (default: the cores shared among --jobs; the numbers do not depend on it)." };
        var experts = new Option<string>("--experts") { Description = "Folder of expert policies <task>.safetensors.", DefaultValueFactory = _ => ShippedData.Folder("experts") };
        var evalEpisodes = EpisodesOption.Create("--eval-episodes", "Evaluation episodes per cell (deterministic policy).", 50);
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "reproduce") };
        var expertActions = ExpertActionsOption.Create("Which expert action the pools store and the costs compare: executed (clipped to the action space; default) or sampled (the raw Gaussian sample, as the GAIL authors' code did).");
        var tensorboard = RunFiles.TensorBoardOption();
        tensorboard.Description = "Also log each cell's metrics, settings (as an HParams session, to set the cells side by side) and final figures to a TensorBoard event file in its folder (tensorboard --logdir OUT/cells).";
        var dryRun = new Option<bool>("--dry-run") { Description = "List every cell with its state (finished, checkpointed, to train) after checking the folder against these settings; train and write nothing." };
        var policyStep = new PolicyStepOptions();
        policyStep.Optimizer.Description = "The policy step of the GAIL, FEM and GTAL cells: trpo (default, the paper's) or ppo (--ppo-* set it); a folder's cells are all of one.";
        var command = new Command("reproduce", "Run the paper's experiment: BC, FEM, GTAL and GAIL against the number of expert trajectories.")
        {
            tasks, algos, entropyWeights, sizes, runs, budget, jobs, workers, experts, evalEpisodes, expertActions, tensorboard, dryRun, output,
        };
        foreach (Option option in policyStep.All) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string[] taskIds = PaperResults.ExpandTasks(Split(parsed.GetValue(tasks)) ?? ["classic"]);
            string[]? algoList = Split(parsed.GetValue(algos));
            foreach (string a in algoList ?? [])
                if (!AllAlgos.Contains(a)) throw new InputException($"unknown algorithm '{a}' in --algos; choose from {string.Join(", ", AllAlgos)}");
            double[]? weightList = Split(parsed.GetValue(entropyWeights))?.Select(ParseWeight).Distinct().ToArray();
            int[]? sizeList = Split(parsed.GetValue(sizes))?.Select(s => ParsePositive(s, "--trajectories")).ToArray();
            double scale = parsed.GetValue(budget);
            if (!(scale > 0)) throw new InputException($"--budget must be positive, got {scale}");
            int parallel = parsed.GetValue(jobs);
            if (parallel <= 0) throw new InputException($"--jobs must be positive, got {parallel}");
            int threads = parsed.GetValue(workers) ?? Math.Max(1, Environment.ProcessorCount / parallel);
            if (threads <= 0) throw new InputException($"--workers must be positive, got {threads}");
            int episodes = parsed.GetValue(evalEpisodes);
            int? runsGiven = parsed.GetValue(runs);
            if (runsGiven <= 0) throw new InputException($"--runs must be positive, got {runsGiven}");
            string outDir = parsed.GetRequiredValue(output);
            if (File.Exists(outDir)) throw new InputException($"--out '{outDir}' is a file; reproduce writes a folder of cells, pools and tables (give a new folder, or the one a run of it made)");
            string expertDir = parsed.GetRequiredValue(experts);
            TextWriter console = parsed.InvocationConfiguration.Output;
            ExpertActions actions = ExpertActionsOption.Parse(parsed.GetRequiredValue(expertActions));
            bool listOnly = parsed.GetValue(dryRun);
            PpoConfig? ppo = policyStep.Parse(parsed);

            // Check every input before any work: env ids, experts present, sizes within the pool, one policy step per folder.
            CheckPolicyStep(outDir, ppo);
            var cells = new List<ImitateRun>();
            ExpertManifest manifest = ExpertManifest.Open(outDir);
            foreach (string task in taskIds)
            {
                Gym.Spec(task);
                PaperResults.Task? paper = PaperResults.Layout(task);
                int pool = paper?.PoolSize ?? 10;
                int[] taskSizes = sizeList ?? paper?.Sizes ?? [1, 4, 7, 10];
                if (taskSizes.Max() > pool) throw new InputException($"--trajectories {taskSizes.Max()} exceeds the {task} expert pool of {pool}");
                string expertPath = Path.Combine(expertDir, $"{task}.safetensors");
                if (!File.Exists(expertPath)) throw new InputException($"no expert for {task}: '{expertPath}' does not exist (train one with 'apprentice train', or pass --experts)");
                string expertHash = ExpertManifest.Hash(expertPath);
                manifest.Claim(task, ExpertManifest.Source(expertHash, actions), expertPath, TaskDirectory(outDir, task));
                string poolPath = listOnly ? PlanPool(console, outDir, task, expertHash, pool, actions) : EnsurePool(console, outDir, task, expertPath, expertHash, pool, actions);
                int runCount = runsGiven ?? paper?.Runs ?? 7;
                foreach (string algo in algoList ?? paper?.Algos ?? AllAlgos)
                foreach (double weight in algo == "gail" ? weightList ?? paper?.EntropyWeights ?? [0] : [0])
                foreach (int k in taskSizes)
                for (int r = 0; r < runCount; r++)
                {
                    ImitateRun created = ImitateRun.Create(algo, task, poolPath, k, r, episodes, expertActions: actions, entropyWeight: weight);
                    ImitateRun cell = ShareCores(Scale(created.Gail is null ? created : created with { Gail = created.Gail with { Ppo = ppo } }, scale), threads);
                    string cellDir = CellDirectory(outDir, cell);
                    // A cell is kept or continued only when it was made with these settings.
                    if (File.Exists(Path.Combine(cellDir, "result.json")) || CanResume(cell, cellDir)) CellSettings.Check(cell, cellDir);
                    cells.Add(cell);
                }
            }

            if (listOnly) return ListCells(console, outDir, cells, parallel);
            manifest.Save();
            var clock = Stopwatch.StartNew();
            int done = 0, failed = 0, elsewhere = 0;
            var gate = new object();
            // Each cell's result, read once here: a finished cell is kept.
            RunResult?[] finished = [.. cells.Select(c => TryReadResult(CellDirectory(outDir, c)))];
            // The training left, at the pace of the folder's cells, for the progress lines; a running cell counts whole.
            var (left, pace, _) = Estimate(outDir, cells, finished);
            bool[] open = [.. finished.Select(r => r is null)];
            // The tables hold every finished cell of the folder, read afresh each time: those of a later task when this
            // invocation stops before reaching it, and those of other invocations into the same folder (another --tasks or
            // --algos adds to the tables instead of cutting them down, also while both run).
            void Report() => ResultsReport.Write(outDir, FinishedCells(outDir), clock.Elapsed, ppo);
            // Ctrl-C or SIGTERM: the running cells stop after their current iteration (with a checkpoint) and no new cell starts.
            using var stop = new StopRequest();
            try
            {
                // One cell at a time from the front of the list (a list's default partitioner would hand each worker its
                // own range, e.g. the first and the third task's cells), so cells start in the order of --tasks and --algos.
                Parallel.ForEach(Partitioner.Create(Enumerable.Range(0, cells.Count), EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = stop.Token }, i =>
                {
                    ImitateRun cell = cells[i];
                    string cellDir = CellDirectory(outDir, cell);
                    RunResult? result = finished[i];
                    string outcome;
                    bool skipped = false, trained = false;
                    if (result is null)
                    {
                        // Claimed first, then looked at again: another invocation into this folder may hold it or have finished it.
                        using RunLock? claim = RunLock.TryAcquire(cellDir);
                        if (claim is null)
                        {
                            (skipped, outcome) = (true, "skipped: another process is training it");
                        }
                        else if (TryReadResult(cellDir) is RunResult late)
                        {
                            (result, outcome) = (late, "kept (finished by another process)");
                        }
                        else
                        {
                            bool resume = CanResume(cell, cellDir);
                            lock (gate)
                                console.WriteLine($"{Name(cell)}: {(resume ? "resuming from its checkpoint" : "starting")}; progress in {Path.Combine(cellDir, "log.txt")}");
                            (result, outcome) = RunCell(cell, cellDir, resume, parsed.GetValue(tensorboard));
                            trained = true;
                        }
                    }
                    else if (EvaluatedUnclipped(cell, result))
                    {
                        using RunLock? claim = RunLock.TryAcquire(cellDir);
                        if (claim is null) outcome = "kept (another process is re-evaluating it)";
                        else (result, outcome) = (Reevaluate(cell, cellDir, result), "re-evaluated with its actions clipped to the action space, as its expert's were");
                    }
                    else
                    {
                        outcome = "kept";
                    }
                    lock (gate)
                    {
                        done++;
                        open[i] = false;
                        if (skipped) elsewhere++;
                        else if (result is null) failed++;
                        // Each new cell updates the tables at once, so a long run that is killed or crashes loses none.
                        else if (outcome != "kept")
                        {
                            Report();
                            if (trained && result.TrainingSeconds is double seconds) pace.Add(cell, 1.0, seconds);
                        }
                        double secondsLeft = pace.WallSeconds(Unfinished(cells, left, j => open[j]), parallel);
                        string estimate = secondsLeft > 0 ? $", ≈ {TrainingPace.Hours(secondsLeft)} left" : "";
                        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"[{done}/{cells.Count}] {Name(cell)}: {(result is null ? outcome : $"{result.MeanReturn:F2} (score {result.NormalizedScore:F3}), {outcome}")}  {clock.Elapsed.TotalMinutes:F1} min{estimate}"));
                    }
                });
            }
            catch (OperationCanceledException)
            {
                Report();
                console.WriteLine($"interrupted after {done - failed - elsewhere} of {cells.Count} cells; run the same command again to continue");
                return CliApp.Interrupted;
            }
            Report();
            console.WriteLine($"wrote results.csv, results.md and figure.png in {outDir}");
            if (elsewhere > 0)
                console.WriteLine($"{elsewhere} of {cells.Count} cells were being trained by another process; its results join these tables as they finish");
            if (failed > 0)
                throw new TrainingFailedException($"{failed} of {cells.Count} cells did not finish (see their log.txt); run the same command again to retry them");
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>
    /// The expert pool (10 classic, 50 MuJoCo trajectories) sampled once from the stochastic expert, as the authors did;
    /// sampled again when the expert is not the one it came from (<c>pools/&lt;task&gt;.sha256</c> names that one).
    /// Raw-sample pools are <c>&lt;task&gt;-sampled.npz</c>: the same episodes' stream, another file.
    /// </summary>
    private static string EnsurePool(TextWriter console, string outDir, string task, string expertPath, string expertHash, int trajectories,
        ExpertActions actions)
    {
        string path = PoolPath(outDir, task, actions);
        if (PoolIsCurrent(path, expertHash)) return path;
        var (policy, _) = PolicyFile.Load(expertPath);
        using IEnv env = Gym.Make(task);
        Demonstrations pool = DemoRecorder.Record(env, policy, trajectories, 12_345, new Rng(12_345).Split("pool"), actions);
        pool.Save(path);
        AtomicFile.WriteAllText(Path.ChangeExtension(path, ".sha256"), expertHash + "\n");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{task}: expert pool of {trajectories} trajectories, return {pool.Returns!.Average():F2}, in {path}"));
        return path;
    }

    /// <summary>Where <see cref="EnsurePool"/> keeps the task's pool.</summary>
    private static string PoolPath(string outDir, string task, ExpertActions actions) =>
        Path.Combine(outDir, "pools", actions == ExpertActions.Sampled ? $"{task}-sampled.npz" : $"{task}.npz");

    private static bool PoolIsCurrent(string path, string expertHash)
    {
        string hashPath = Path.ChangeExtension(path, ".sha256");
        return File.Exists(path) && File.Exists(hashPath) && File.ReadAllText(hashPath).Trim() == expertHash;
    }

    /// <summary>--dry-run's pool: its path, and a line when a real run would sample it first.</summary>
    private static string PlanPool(TextWriter console, string outDir, string task, string expertHash, int trajectories, ExpertActions actions)
    {
        string path = PoolPath(outDir, task, actions);
        if (!PoolIsCurrent(path, expertHash)) console.WriteLine($"{task}: an expert pool of {trajectories} trajectories is to be sampled into {path}");
        return path;
    }

    /// <summary>--dry-run: each cell's state, then the counts and the training left. Reads the folder and writes nothing.</summary>
    private static int ListCells(TextWriter console, string outDir, List<ImitateRun> cells, int jobs)
    {
        RunResult?[] results = [.. cells.Select(c => TryReadResult(CellDirectory(outDir, c)))];
        var (left, pace, checkpoints) = Estimate(outDir, cells, results);
        int finished = 0, checkpointed = 0;
        for (int i = 0; i < cells.Count; i++)
        {
            ImitateRun cell = cells[i];
            string cellDir = CellDirectory(outDir, cell);
            string state;
            if (results[i] is RunResult result)
            {
                finished++;
                state = string.Create(CultureInfo.InvariantCulture, $"finished, {result.MeanReturn:F2} (score {result.NormalizedScore:F3})")
                    + (EvaluatedUnclipped(cell, result) ? "; to re-evaluate with its actions clipped to the action space" : "");
            }
            else
            {
                string elsewhere = RunLock.IsHeld(cellDir) ? ", being trained by another process" : "";
                if (checkpoints[i] is Checkpoint.Progress progress)
                {
                    checkpointed++;
                    state = (cell.Gail is GailConfig g ? $"checkpointed at iteration {progress.Iteration} of {g.Iterations}" : $"checkpointed at step {progress.Iteration} of {cell.Bc!.Steps}") + elsewhere;
                }
                else
                {
                    state = (cell.Gail is GailConfig g ? $"to train ({g.Iterations} iterations)" : $"to train ({cell.Bc!.Steps} steps)") + elsewhere;
                }
            }
            console.WriteLine($"{Name(cell)}: {state}");
        }
        console.WriteLine($"{Wording.Count(cells.Count, "cell", "cells")}: {finished} finished, {checkpointed} checkpointed, {cells.Count - finished - checkpointed} to train (a dry run: nothing was trained or written)");
        if (finished < cells.Count) console.WriteLine(pace.Describe(Unfinished(cells, left, i => results[i] is null), jobs));
        return CliApp.Success;
    }

    private static List<(ImitateRun Cell, double Fraction)> Unfinished(List<ImitateRun> cells, double[] left, Func<int, bool> open) =>
        [.. Enumerable.Range(0, cells.Count).Where(open).Select(i => (cells[i], left[i]))];

    /// <summary>
    /// Each cell's share still to train (0 when finished, the part after its checkpoint, 1 when new), the pace of
    /// the folder's finished and checkpointed cells, and each unfinished cell's checkpoint (null when it has none).
    /// </summary>
    private static (double[] Left, TrainingPace Pace, Checkpoint.Progress?[] Checkpoints) Estimate(string outDir, List<ImitateRun> cells, RunResult?[] results)
    {
        var pace = new TrainingPace();
        var left = new double[cells.Count];
        var checkpoints = new Checkpoint.Progress?[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            ImitateRun cell = cells[i];
            string cellDir = CellDirectory(outDir, cell);
            if (results[i] is RunResult result)
            {
                if (result.TrainingSeconds is double seconds) pace.Add(cell, 1.0, seconds);
            }
            else if (CanResume(cell, cellDir))
            {
                Checkpoint.Progress progress = checkpoints[i] = Checkpoint.ReadProgress(cellDir, StateFile(cell));
                double done = Math.Clamp((double)progress.Iteration / (cell.Gail?.Iterations ?? cell.Bc!.Steps), 0, 1);
                pace.Add(cell, done, progress.Seconds);
                left[i] = 1 - done;
            }
            else
            {
                left[i] = 1;
            }
        }
        return (left, pace, checkpoints);
    }

    /// <summary>
    /// Each cell's sampler steps its env copies on at most <paramref name="threads"/> threads: by default the cores
    /// split between the cells running side by side (the numbers do not depend on it).
    /// </summary>
    private static ImitateRun ShareCores(ImitateRun run, int threads) => run.Gail is not GailConfig g ? run : run with
    {
        Gail = g with { Workers = Math.Min(g.Workers, threads) },
    };

    private static ImitateRun Scale(ImitateRun run, double budget) => budget == 1.0 ? run : run with
    {
        Gail = run.Gail is null ? null : run.Gail with { Iterations = Math.Max(1, (int)Math.Round(run.Gail.Iterations * budget)) },
        Bc = run.Bc is null ? null : run.Bc with { Steps = Math.Max(1, (int)Math.Round(run.Bc.Steps * budget)) },
    };

    private static string TaskDirectory(string outDir, string task) => Path.Combine(outDir, "cells", task);

    private static string CellDirectory(string outDir, ImitateRun cell) =>
        Path.Combine(TaskDirectory(outDir, cell.EnvId), $"{ResultColumn.Of(cell).Folder}-k{cell.Trajectories}-r{cell.Seed}");

    /// <summary>The results of every finished cell in the folder (<c>cells/&lt;task&gt;/&lt;cell&gt;/result.json</c>).</summary>
    private static RunResult[] FinishedCells(string outDir) => [.. CellDirectories(outDir).Select(TryReadResult).OfType<RunResult>()];

    /// <summary>Every cell folder of the output folder (<c>cells/&lt;task&gt;/&lt;cell&gt;</c>), finished or not.</summary>
    private static IEnumerable<string> CellDirectories(string outDir)
    {
        string root = Path.Combine(outDir, "cells");
        return Directory.Exists(root) ? Directory.EnumerateDirectories(root).SelectMany(Directory.EnumerateDirectories) : [];
    }

    private static RunResult? TryReadResult(string cellDir)
    {
        try
        {
            return File.Exists(Path.Combine(cellDir, "result.json")) ? RunResult.Read(cellDir) : null;
        }
        catch (InputException)
        {
            return null;
        }
    }

    private static string Name(ImitateRun cell) => $"{cell.EnvId} {ResultColumn.Of(cell).Key} k={cell.Trajectories} run {cell.Seed}";

    /// <summary>
    /// A finished cell whose evaluation stepped the env with its policy's unclipped actions while its pool's expert return
    /// was measured with clipped ones (the executed convention): result.json from before evaluations followed the
    /// pool's convention. On the MuJoCo tasks, which charge their control cost on the action as given, that understated
    /// the policy's return against its expert's.
    /// </summary>
    private static bool EvaluatedUnclipped(ImitateRun cell, RunResult result) =>
        result.EvaluatedActions is null && cell.ExpertActions == ExpertActions.Executed && ContinuousActions.GetOrAdd(cell.EnvId, id =>
        {
            using IEnv env = Gym.Make(id);
            return env.ActionSpace is Box;
        });

    /// <summary>Whether a task's actions are continuous, made once per task: old folders of discrete cells ask for every cell, every run.</summary>
    private static readonly ConcurrentDictionary<string, bool> ContinuousActions = new();

    /// <summary>The cell's final policy evaluated again as <see cref="ImitationJob"/> evaluates it now (same episodes' seed); its training stays as it was.</summary>
    private static RunResult Reevaluate(ImitateRun cell, string cellDir, RunResult old)
    {
        var (policy, _) = PolicyFile.Load(Path.Combine(cellDir, "policy.safetensors"));
        Evaluation evaluation = ImitationJob.EvaluatePolicy(policy, cell.EnvId, cell.EvalEpisodes, ImitationJob.FinalEvaluationSeed(cell), cell.ExpertActions);
        RunResult result = old.Reevaluated(evaluation, cell.ExpertActions);
        result.Write(cellDir);
        return result;
    }

    /// <summary>
    /// The tables say which policy step made the folder's cells, so a folder's GAIL, FEM and GTAL cells must all share
    /// one: any cell there (of any task) made with another is refused, as the cells this invocation plans are by <see cref="CellSettings"/>.
    /// </summary>
    private static void CheckPolicyStep(string outDir, PpoConfig? ppo)
    {
        foreach (string cellDir in CellDirectories(outDir).Where(d => File.Exists(Path.Combine(d, "config.json"))))
        {
            ImitateRun made;
            try
            {
                made = CellSettings.Read(cellDir);
            }
            catch (InputException)
            {
                continue; // a cell this invocation plans is checked in full later; another's damage is not this run's concern
            }
            if (made.Gail is GailConfig g && g.Ppo != ppo)
                throw new InputException($"'{outDir}' holds cells made with {PolicyStepOptions.Name(g.Ppo).ToUpperInvariant()} ('{cellDir}'), and its tables hold one policy step; give --optimizer {PolicyStepOptions.Name(g.Ppo)} with its settings, or another --out");
        }
    }

    /// <summary>A cell with a checkpoint continues it; an unfinished cell without one starts afresh.</summary>
    private static bool CanResume(ImitateRun cell, string cellDir) => File.Exists(Path.Combine(cellDir, StateFile(cell)));

    /// <summary>The progress file of a cell's checkpoint: GAIL's (FEM's, GTAL's) or behaviour cloning's.</summary>
    private static string StateFile(ImitateRun cell) => cell.Gail is null ? BehaviorCloning.StateFile : Gail.StateFile;

    /// <summary>Trains one cell, logging to its log.txt line by line, so that a long cell's progress can be followed there.</summary>
    /// <param name="events">Whether the cell logs to TensorBoard too (a cell that did before goes on doing so).</param>
    private static (RunResult? Result, string Outcome) RunCell(ImitateRun cell, string cellDir, bool resume, bool events)
    {
        if (!resume && Directory.Exists(cellDir)) Directory.Delete(cellDir, recursive: true);
        Directory.CreateDirectory(cellDir);
        if (events) RunFiles.StartEvents(cellDir, cell);
        var clock = Stopwatch.StartNew();
        using var log = new StreamWriter(Path.Combine(cellDir, "log.txt"), append: resume) { AutoFlush = true };
        try
        {
            ImitationJob job = ImitationJob.Prepare(cell);
            int exit = job.Run(log, cellDir, resume);
            return exit == CliApp.Success ? (job.Result, string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s")) : (null, "interrupted");
        }
        catch (Exception ex) when (ex is InputException or TrainingFailedException or ArithmeticException)
        {
            log.WriteLine($"failed: {ex.Message}");
            return (null, $"failed: {ex.Message}");
        }
    }

    private static string[]? Split(string? list) =>
        list is null ? null : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts ? parts : null;

    private static int ParsePositive(string text, string flag) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v
            : throw new InputException($"{flag} takes positive whole numbers separated by commas; got '{text}'");

    private static double ParseWeight(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && double.IsFinite(v)
            ? v
            : throw new InputException($"--entropy-weights takes non-negative numbers separated by commas; got '{text}'");
}
