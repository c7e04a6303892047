using System.Diagnostics;
using System.Globalization;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// One imitation run (GAIL, FEM, GTAL or BC) from its <see cref="ImitateRun"/> description, as `imitate` and
/// `reproduce` both run it: <see cref="Prepare"/> loads and checks the demonstrations (throwing
/// <see cref="InputException"/> before anything is written), <see cref="Run"/> trains with checkpoints, then
/// evaluates the final policy, writes result.json and curve.png and prints the comparison.
/// </summary>
internal sealed class ImitationJob
{
    private readonly ImitateRun _run;
    private readonly ExpertPairs _expert;
    private readonly int _trajectories;
    private readonly double? _expertReturn;
    private readonly string? _otherActuators;
    private readonly Space _actionSpace;
    private readonly MinariMetadata.ReferenceScores? _references;
    private readonly IReadOnlyList<string>? _observationNames, _actionNames;

    private ImitationJob(ImitateRun run, string? otherActuators, ExpertPairs expert, int trajectories, double? expertReturn, Space actionSpace,
        MinariMetadata.ReferenceScores? references, IReadOnlyList<string>? observationNames, IReadOnlyList<string>? actionNames)
    {
        _run = run;
        _otherActuators = otherActuators;
        _expert = expert;
        _trajectories = trajectories;
        _expertReturn = expertReturn;
        _actionSpace = actionSpace;
        _references = references;
        _observationNames = observationNames;
        _actionNames = actionNames;
    }

    /// <summary>The expert pairs the run learns from (after taking K trajectories and subsampling).</summary>
    internal ExpertPairs Expert => _expert;

    /// <summary>The result of the last <see cref="Run"/>, when it finished.</summary>
    public RunResult? Result { get; private set; }

    /// <summary>
    /// Loads the expert pairs; the expert's level is the mean return of the whole file, whatever K is used.
    /// </summary>
    public static ImitationJob Prepare(ImitateRun run)
    {
        EpisodesOption.Check("--eval-episodes", run.EvalEpisodes);
        using IEnv env = Gym.Make(run.EnvId);
        if (!File.Exists(run.Demos) && !Directory.Exists(run.Demos)) throw new InputException($"demonstrations file '{run.Demos}' does not exist{MinariDataset.NotFoundHint(run.Demos)}");
        Demonstrations demonstrations = Demonstrations.Load(run.Demos);
        // From observations the demonstrations' actions are not used, so they need not fit the task's (other actuators);
        // but a demonstrator that acted otherwise earned its returns on another task, which are then no expert level here.
        bool fromObservations = run.Gail?.ObservationsOnly == true;
        demonstrations.Validate(env.ObservationSpace, fromObservations ? null : env.ActionSpace, env.Spec?.Id, run.ExpertActions);
        string? otherActuators = null;
        if (fromObservations && demonstrations.HasActions) // observations alone are this task's, whose rewards (if any) give the expert's level
        {
            try
            {
                demonstrations.ValidateActions(env.ActionSpace, env.Spec?.Id, run.ExpertActions);
            }
            catch (InputException ex)
            {
                otherActuators = ex.Message;
            }
        }
        // Minari's reference scores hold for the task they were measured on, not for another one imitated from the same data.
        MinariMetadata.ReferenceScores? references = MinariDataset.MetadataOf(run.Demos)?.ReferencesFor(run.EnvId);
        double? expertReturn = otherActuators is null ? demonstrations.Returns?.Average() : null;
        if (run.Trajectories is int k) demonstrations = demonstrations.Take(k);
        ExpertPairs expert = fromObservations ? demonstrations.Transitions(run.Subsample) : demonstrations.Pairs(run.Subsample);
        string pairs = expert.Sha256();
        if (run.ExpertPairsSha256 is string made && made != pairs)
            throw new InputException($"'{run.Demos}' gives other expert pairs than the run was made with (SHA-256 {pairs[..12]}…, not {made[..12]}…); give the demonstrations it learned from");
        return new ImitationJob(run with { ExpertPairsSha256 = pairs }, otherActuators, expert, demonstrations.TrajectoryCount, expertReturn, env.ActionSpace, references,
            IObservationNames.Of(env), IActionNames.Of(env));
    }

    /// <summary>
    /// Trains into <paramref name="directory"/> (continuing its checkpoint when resuming; else starting GAIL's, FEM's or
    /// GTAL's policy from <paramref name="initial"/> when given, the run's <see cref="ImitateRun.InitialPolicy"/>); returns the exit code.
    /// </summary>
    public int Run(TextWriter console, string directory, bool resume, MlpPolicy? initial = null)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{_run.Algo} on {_run.EnvId}: {Wording.Count(_trajectories, "expert trajectory", "expert trajectories")}, {Wording.Count(_expert.Count, "pair", "pairs")} ({Wording.EveryKth(_run.Subsample, "pair")}) from {_run.Demos}"));
        if (_otherActuators is not null)
            console.WriteLine($"note: the demonstrations' actions are not {_run.EnvId}'s ({_otherActuators}); learning from their observations alone, with no expert level here, so no normalised score");
        int exit = _run.Gail is not null
            ? RunGail(console, directory, _run.Gail, resume, initial)
            : RunBehaviorCloning(console, directory, resume);
        if (exit != CliApp.Success) return exit;
        Report(console, directory);
        return CliApp.Success;
    }

    private int RunGail(TextWriter console, string directory, GailConfig config, bool resuming, MlpPolicy? initial)
    {
        using var gail = new Gail(config, _expert);
        if (resuming)
        {
            gail.LoadCheckpoint(directory);
            console.WriteLine($"resuming from iteration {gail.Iteration} ({gail.EnvSteps:N0} env steps)" +
                (gail.Done ? $"; it has run its {config.Iterations:N0} iterations, so its policy is only evaluated again (--iterations N extends it)" : ""));
        }
        else if (initial is not null)
        {
            gail.StartFrom(initial);
            console.WriteLine($"starting from the policy in '{_run.InitialPolicy}'");
        }
        RunFiles.WriteConfig(directory, _run); // after the checkpoint loads: a resume that fails leaves the run's config as it was
        long lastCurve = Stopwatch.GetTimestamp();
        return TrainingLoop.Run(console, directory, gail.Done, () =>
        {
            GailMetrics m = gail.Step();
            IterationTimes t = m.Times;
            gail.SaveCheckpoint(directory);
            RunFiles.AppendMetrics(directory, GailMetrics.CsvHeader, m.ToCsv(),
                RunHistograms.Due(m.Iteration, config.Iterations, gail.Done) ? () => RunHistograms.Of(gail) : null);
            // A long run's curve can be watched as it goes; the final one adds the random policy's level.
            if (!gail.Done && Stopwatch.GetElapsedTime(lastCurve) >= CurvePlot.RedrawEvery)
            {
                WriteCurve(directory, null);
                lastCurve = Stopwatch.GetTimestamp();
            }
            // The cost's own objective: the linear costs have no classifier, so no loss or accuracy of one. Their
            // heaviest feature says what the policy is pushed towards (GTAL's only one: a stuck run keeps the same).
            string Heaviest() => gail.Reward is LinearCost linear ? linear.WeightName(linear.Strongest, _observationNames, _actionNames) : "";
            string cost = config.Cost switch
            {
                CostModel.Fem => string.Create(CultureInfo.InvariantCulture, $"‖μE − μπ‖ {m.DiscriminatorLoss:G4} most on {Heaviest()}"),
                CostModel.Gtal => string.Create(CultureInfo.InvariantCulture, $"min(μπ − μE) {m.DiscriminatorLoss:G4} on {Heaviest()}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"D loss {m.DiscriminatorLoss:F3} acc {m.ExpertAccuracy:F2}/{m.PolicyAccuracy:F2}"),
            };
            string line = string.Create(CultureInfo.InvariantCulture,
                $"iter {m.Iteration,4}/{config.Iterations}  steps {m.EnvSteps,10:N0}  return {m.TrueReturn,9:F2}  imitation {m.ImitationReturn,8:F2}  {cost}  kl {m.Kl:F4}  ent {m.Entropy,6:F3}  {m.Seconds,6:F1}s{TrainingPace.Left(m.Seconds, m.Iteration, config.Iterations)}  [ms: sample {1e3 * t.Sample:F0} (env {1e3 * t.SampleEnv:F0}) {PolicyStepOptions.Name(config.Ppo)} {1e3 * t.Trpo:F0} cost {1e3 * t.CostUpdate:F0} vf {1e3 * t.ValueFit:F0}]");
            return (line, gail.Done);
        });
    }

    private int RunBehaviorCloning(TextWriter console, string directory, bool resuming)
    {
        ImitateRun run = _run;
        BehaviorCloningConfig config = run.Bc!;
        var bc = new BehaviorCloning(config, _expert, _actionSpace);
        double before = 0; // training seconds of the sittings before this one
        if (resuming)
        {
            before = bc.LoadCheckpoint(directory);
            console.WriteLine($"resuming from step {bc.Step:N0}" +
                (bc.Done ? $"; it has run its {config.Steps:N0} steps, so its policy is only evaluated again (--iterations N extends it)" : ""));
        }
        RunFiles.WriteConfig(directory, run); // after the checkpoint loads, as GAIL's
        var clock = Stopwatch.StartNew();
        // One iteration of the loop is the steps up to the next validation, which ends with a checkpoint: a stop loses at most those.
        return TrainingLoop.Run(console, directory, bc.Done, () =>
        {
            int step;
            double train, validation, error;
            do
            {
                step = bc.Step;
                (train, validation, error) = bc.Train();
            }
            while (double.IsNaN(validation));
            double seconds = before + clock.Elapsed.TotalSeconds;
            double trueReturn = EvaluatePolicy(bc.Policy, run.EnvId, 10, run.Seed + 1, run.ExpertActions).MeanReturn;
            bc.SaveCheckpoint(directory, run.EnvId, seconds);
            RunFiles.AppendMetrics(directory, "step,train_loss,validation_loss,true_return,seconds,validation_error",
                string.Create(CultureInfo.InvariantCulture, $"{step},{train},{validation},{trueReturn},{seconds},{error}"),
                () => RunHistograms.Of(bc.Policy)); // at each validation, 11 or 21 a run
            string line = string.Create(CultureInfo.InvariantCulture,
                $"step {step,6}/{config.Steps}  loss {train:F4}  validation {validation:F4} (error {error:F4})  return {trueReturn,9:F2}  {seconds,6:F1}s");
            return (line, bc.Done);
        });
    }

    /// <summary>The seed of the final policy's evaluation episodes (the random policy's are another stream).</summary>
    internal static int FinalEvaluationSeed(ImitateRun run) => 1_000_000 + run.Seed;

    /// <summary>Evaluates the final policy, writes result.json and curve.png, and prints the comparison.</summary>
    private void Report(TextWriter console, string directory)
    {
        ImitateRun run = _run;
        int trajectories = _trajectories;
        double? expert = _expertReturn;
        var (policy, _) = PolicyFile.Load(Path.Combine(directory, "policy.safetensors"));
        Evaluation final = EvaluatePolicy(policy, run.EnvId, run.EvalEpisodes, FinalEvaluationSeed(run), run.ExpertActions);
        double random = EvaluateRandom(run.EnvId, run.EvalEpisodes, 2_000_000 + run.Seed).MeanReturn;
        string[] rows = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
        string[] last = rows.Length > 1 ? rows[^1].Split(',') : [];
        double seconds = last.Length > 0 ? double.Parse(last[run.Gail is not null ? 14 : 4], CultureInfo.InvariantCulture) : 0;
        var result = RunResult.Create(run, final, expert, random, trajectories, seconds) with { DatasetReferences = _references };
        result.Write(directory);
        Result = result;
        RunFiles.EndEvents(directory, success: true, last.Length > 0 ? long.Parse(last[0], CultureInfo.InvariantCulture) : 0, FinalScalars(result));

        WriteCurve(directory, random);
        console.WriteLine(result.Describe());
        console.WriteLine($"wrote policy.safetensors, config.json, metrics.csv, curve.png and result.json in {directory}");
    }

    /// <summary>result.json's figures as TensorBoard scalars, so that the HParams tab can set runs side by side by them.</summary>
    private static List<(string, float)> FinalScalars(RunResult result)
    {
        var scalars = new List<(string, float)> { ("final/mean_return", (float)result.MeanReturn), ("final/std_return", (float)result.StdReturn) };
        if (result.NormalizedScore is double score) scalars.Add(("final/normalized_score", (float)score));
        if (result.DatasetNormalizedScore is double dataset) scalars.Add(("final/dataset_normalized_score", (float)dataset));
        return scalars;
    }

    /// <summary>curve.png: the true return per iteration (GAIL) or evaluation (BC), with the expert's level and, once measured, a random policy's.</summary>
    private void WriteCurve(string directory, double? random)
    {
        bool gail = _run.Gail is not null;
        var levels = new List<(string, double)>();
        if (_expertReturn is double e) levels.Add(("expert", e));
        if (random is double r) levels.Add(("random", r));
        CurvePlot.FromMetrics(directory, $"{_run.Algo.ToUpperInvariant()} on {_run.EnvId} ({Wording.Count(_trajectories, "trajectory", "trajectories")})",
            gail ? 1 : 0, gail ? 4 : 3, levels, gail ? "environment steps" : "behaviour-cloning steps");
    }

    /// <summary>
    /// The deterministic policy's episodes, its actions stepped as the demonstrations' were recorded (<paramref name="actions"/>):
    /// clipped to the action space (executed) or not (sampled), so that its return and the expert's are charged alike.
    /// </summary>
    internal static Evaluation EvaluatePolicy(MlpPolicy policy, string envId, int episodes, int seed, ExpertActions actions)
    {
        using IEnv env = Gym.Make(envId);
        PolicyWorkspace ws = policy.CreateWorkspace();
        return Evaluation.Run(env, actions.Stepped((o, a) => policy.Act(ws, o, 1, null, a), env.ActionSpace), episodes, seed);
    }

    internal static Evaluation EvaluateRandom(string envId, int episodes, int seed)
    {
        using IEnv env = Gym.Make(envId);
        var rng = new Rng((ulong)seed);
        return Evaluation.Run(env, (_, a) => env.ActionSpace.Sample(rng, a), episodes, seed);
    }
}
