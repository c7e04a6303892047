using System.CommandLine;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Nn;
using Apprentice.Policies;
using Apprentice.Rl;

namespace Apprentice.Cli.Commands;

/// <summary>
/// `apprentice imitate`: GAIL, behaviour cloning, FEM or GTAL from a demonstrations file (run by <see cref="ImitationJob"/>). Everything about the input is
/// checked before the run directory is touched; the run ends with a 50-episode evaluation of the final policy
/// (deterministic, as the authors evaluated) written to result.json and shown against the expert and a random policy.
/// </summary>
public static class ImitateCommand
{
    public static Command Create()
    {
        var algo = new Option<string>("--algo") { Description = "gail, bc, or the linear-cost baselines fem and gtal.", DefaultValueFactory = _ => "gail" };
        algo.AcceptOnlyFromAmong("gail", "bc", "fem", "gtal");
        var env = new Option<string?>("--env") { Description = "Environment id (see 'apprentice envs'); default for a Minari dataset: the task it was recorded on, when that is one here." };
        var demos = new Option<string?>("--demos") { Description = "Demonstrations: .npz (HumanCompatibleAI/imitation layout), .csv (one row per step, see 'demos import'), .hdf5 (Minari or D4RL), a Minari dataset's folder, or its id when Minari has it (mujoco/hopper/expert-v0); default: the ones shipped for --env. With --resume: where the run's own demonstrations are now (a moved run); others are refused." };
        var trajectories = new Option<int?>("--trajectories") { Description = "Use the first K trajectories (default: all)." };
        var subsample = new Option<int?>("--subsample") { Description = "Keep every k-th expert pair from a random offset per trajectory, the same for every --seed (default: per task, as the authors)." };
        var iterations = new Option<int?>("--iterations") { Description = "GAIL, FEM or GTAL iterations (default per task, the authors' max_iter: 301 classic, 501 MuJoCo, 201 Reacher, 1,501 Humanoid) or BC steps (1,001 classic, 20,001 MuJoCo, 10,001 Reacher)." };
        var batch = new Option<int?>("--batch") { Description = "GAIL pairs per iteration (default 5,000 classic, 50,000 MuJoCo); BC minibatch (128)." };
        var seed = SeedOption.Optional("Root seed (default 0).");
        var envs = new Option<int?>("--envs") { Description = "Env copies sampled together (default: 1 on classic control, one episode after another as the authors sampled; 8 elsewhere; changes the numbers)." };
        var workers = new Option<int?>("--workers") { Description = "Threads stepping the copies (default: every core on MuJoCo tasks, 1 on classic control; same results)." };
        var fisherSubsample = new Option<double?>("--fisher-subsample") { Description = "Fraction of the batch for TRPO's Fisher-vector products (default 0.1, as the authors; 1 = all)." };
        var entropyWeight = new Option<double?>("--entropy-weight") { Description = "Causal-entropy weight λ (default 0, as the paper's runs)." };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer widths of the policy (and of GAIL's value function and discriminator), comma-separated (default 100,100, as the paper; with --init-policy, its own)." };
        var maxKl = new Option<double?>("--max-kl") { Description = "GAIL, FEM, GTAL with TRPO: its KL bound per step (default 0.01)." };
        var gamma = new Option<double?>("--gamma") { Description = "GAIL, FEM, GTAL: discount γ (default 0.995)." };
        var lam = new Option<double?>("--lam") { Description = "GAIL, FEM, GTAL: GAE λ (default 0.97)." };
        var discriminatorLr = new Option<double?>("--discriminator-lr") { Description = "GAIL: the discriminator's Adam step size (default 0.01, as the authors)." };
        var observationsOnly = new Option<bool>("--observations-only") { Description = "GAIL from observations (GAIfO, Torabi et al. 2018): the discriminator tells the expert's transitions (s, s′) from the policy's, and the demonstrations' actions are not used. Not the paper's setting." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "BC: Adam step size (default 0.001)." };
        var rewardSign = new Option<string?>("--reward-sign") { Description = "positive (−log(1−D)) or negative (log D); default per task." };
        rewardSign.AcceptOnlyFromAmong("positive", "negative");
        var expertActions = ExpertActionsOption.Create("What the demonstrations' continuous actions are: executed (clipped to the action space; default) or sampled (the expert's raw Gaussian samples, as the GAIL authors stored them; the cost then sees the policy's raw samples too).");
        var evalEpisodes = EpisodesOption.Create("--eval-episodes", "Episodes of the final evaluation.", 50);
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/<env>-<algo>-s<seed>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the GAIL, FEM or GTAL run in this directory." };
        var initPolicy = InitialPolicyOption.Create("GAIL, FEM, GTAL: start the policy from this saved one (a policy.safetensors or the run folder holding one; a behaviour-cloning run's, say) instead of random weights; its hidden widths are the run's unless --hidden says otherwise.");
        var tensorboard = RunFiles.TensorBoardOption();
        var policyStep = new PolicyStepOptions();
        var command = new Command("imitate", "Learn a policy from demonstrations with GAIL (default), behaviour cloning, FEM or GTAL.")
        {
            algo, env, demos, trajectories, subsample, iterations, batch, seed, envs, workers, fisherSubsample, entropyWeight, hidden, maxKl, gamma, lam,
            discriminatorLr, observationsOnly, learningRate, rewardSign, expertActions, evalEpisodes, output, resume, initPolicy, tensorboard,
        };
        foreach (Option option in policyStep.All) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            ImitateRun run;
            string directory;
            MlpPolicy? initial = null;
            string? resumeDir = parsed.GetValue(resume);
            if (resumeDir is not null)
            {
                TrainCommand.RefuseBesideResume(parsed, command, "only --iterations may extend it, --workers change and --demos say where its demonstrations are now", resume, iterations, workers, demos, tensorboard);
                directory = resumeDir;
                run = RunFiles.ReadConfig<ImitateRun>(directory, resumedBy: "imitate");
                // A run moved to another machine finds its demonstrations elsewhere; they must give the same pairs (see ImitationJob.Prepare).
                if (parsed.GetValue(demos) is string moved)
                {
                    string located = MinariDataset.Locate(moved);
                    if (located != run.Demos)
                        parsed.InvocationConfiguration.Output.WriteLine($"note: the run's demonstrations are read from '{located}' (it was made with '{run.Demos}')" +
                            (run.ExpertPairsSha256 is null ? "; the run is older than the digest of its expert pairs, so they cannot be checked to be the same" : ""));
                    run = run with { Demos = located };
                }
                if (run.Bc is BehaviorCloningConfig bc)
                {
                    if (parsed.GetValue(workers) is not null) throw new InputException($"--workers does not apply to '{directory}', a behaviour-cloning run");
                    if (parsed.GetValue(iterations) is int steps) run = run with { Bc = bc with { Steps = steps } };
                }
                else
                {
                    if (parsed.GetValue(iterations) is int more) run = run with { Gail = run.Gail! with { Iterations = more } };
                    if (parsed.GetValue(workers) is int threads) run = run with { Gail = run.Gail! with { Workers = threads } };
                }
            }
            else
            {
                string? given = parsed.GetValue(demos) is string d ? MinariDataset.Locate(d) : null;
                MinariMetadata? recorded = given is null ? null : MinariDataset.MetadataOf(given); // read once: it names the default env and the note below
                string id = parsed.GetValue(env) ?? DatasetEnv(given, recorded) ?? throw new InputException("--env is required (or --resume DIR)");
                Gym.Spec(id);
                if (recorded is { EnvId: string on } dataset && dataset.RegisteredEnvId != id)
                    parsed.InvocationConfiguration.Output.WriteLine($"note: '{given}' was recorded on {on}{(dataset.RegisteredEnvId is string here && here != on ? $" ({here} here)" : "")}, " +
                        $"and is imitated on {id}: their spaces must fit, and their dynamics may differ");
                if (recorded is { References: not null, EvaluationGymnasiumId: string scoredOn } && recorded.ReferencesFor(id) is null)
                    parsed.InvocationConfiguration.Output.WriteLine($"note: the reference scores of '{given}' were measured on {scoredOn}, so none is reported for {id}");
                string demoPath = given ?? ShippedData.Demonstrations(id);
                int s = parsed.GetValue(seed) ?? 0;
                string algorithm = parsed.GetRequiredValue(algo);
                run = ImitateRun.Create(algorithm, id, demoPath, parsed.GetValue(trajectories), s, parsed.GetValue(evalEpisodes), parsed.GetValue(subsample),
                    ExpertActionsOption.Parse(parsed.GetRequiredValue(expertActions)));
                IReadOnlyList<int>? widths = TrainCommand.ParseHidden(parsed.GetValue(hidden));
                // An option the chosen algorithm does not have is refused rather than silently ignored.
                Option[] policyStepOnly = [maxKl, gamma, lam, envs, workers, fisherSubsample, entropyWeight, rewardSign, .. policyStep.All];
                Option[] notFor = algorithm switch
                {
                    "bc" => [.. policyStepOnly, discriminatorLr, observationsOnly, initPolicy],
                    "gail" => [learningRate],
                    _ => [learningRate, discriminatorLr, observationsOnly],
                };
                if (TrainCommand.FirstGiven(parsed, notFor) is Option unused)
                    throw new InputException($"{unused.Name} does not apply to --algo {algorithm}");
                if (run.Gail is GailConfig g)
                {
                    if (parsed.GetValue(initPolicy) is string startFrom)
                    {
                        (string path, initial) = InitialPolicyOption.Load(startFrom, id, widths, Activation.Tanh, parsed.InvocationConfiguration.Output);
                        widths ??= initial.HiddenSizes;
                        run = run with { InitialPolicy = path };
                    }
                    PpoConfig? ppo = policyStep.Parse(parsed, maxKl, fisherSubsample);
                    run = run with
                    {
                        Gail = g with
                        {
                            Iterations = parsed.GetValue(iterations) ?? g.Iterations,
                            Batch = parsed.GetValue(batch) ?? g.Batch,
                            Envs = parsed.GetValue(envs) ?? g.Envs,
                            Workers = parsed.GetValue(workers) ?? g.Workers,
                            EntropyWeight = parsed.GetValue(entropyWeight) ?? g.EntropyWeight,
                            Hidden = widths ?? g.Hidden,
                            Gamma = parsed.GetValue(gamma) ?? g.Gamma,
                            Lam = parsed.GetValue(lam) ?? g.Lam,
                            DiscriminatorLearningRate = parsed.GetValue(discriminatorLr) ?? g.DiscriminatorLearningRate,
                            RewardSign = parsed.GetValue(rewardSign) is string sign ? Enum.Parse<RewardSign>(sign, ignoreCase: true) : g.RewardSign,
                            ObservationsOnly = parsed.GetValue(observationsOnly),
                            Trpo = g.Trpo with
                            {
                                FisherSubsample = parsed.GetValue(fisherSubsample) ?? g.Trpo.FisherSubsample,
                                MaxKl = parsed.GetValue(maxKl) ?? g.Trpo.MaxKl,
                            },
                            Ppo = ppo,
                        },
                    };
                }
                else if (run.Bc is BehaviorCloningConfig bc)
                {
                    run = run with
                    {
                        Bc = bc with
                        {
                            Steps = parsed.GetValue(iterations) ?? bc.Steps,
                            Batch = parsed.GetValue(batch) ?? bc.Batch,
                            Hidden = widths ?? bc.Hidden,
                            LearningRate = parsed.GetValue(learningRate) ?? bc.LearningRate,
                        },
                    };
                }
                directory = parsed.GetValue(output) ?? RunFiles.DefaultDirectory(id, run.Gail?.Ppo is null ? algorithm : $"{algorithm}-{PolicyStepOptions.Name(run.Gail.Ppo)}", s);
            }

            if (run.Gail is GailConfig settings) Validate(settings);
            if (run.Bc is BehaviorCloningConfig cloning) Validate(cloning);
            // Everything about the input is checked before the run directory is created.
            ImitationJob job = ImitationJob.Prepare(run);
            using RunLock claim = RunLock.Acquire(directory);
            if (resumeDir is null) TrainCommand.PrepareFreshDirectory(directory);
            if (parsed.GetValue(tensorboard)) RunFiles.StartEvents(directory, run);
            return job.Run(parsed.InvocationConfiguration.Output, directory, resume: resumeDir is not null, initial);
        });
        return command;
    }

    /// <summary>
    /// The task a Minari dataset's metadata (<paramref name="recorded"/>, of <paramref name="demos"/>) names, when it is
    /// one here; null when there is no such metadata or it names no env. A dataset recorded on a task not here (AdroitHandPen-v1, say) needs --env to say which to use.
    /// </summary>
    private static string? DatasetEnv(string? demos, MinariMetadata? recorded)
    {
        if (recorded is not { EnvId: string recordedOn } metadata) return null;
        return metadata.RegisteredEnvId
            ?? throw new InputException($"--env is required: '{demos}' was recorded on {recordedOn}, which is not a task here; give one whose spaces fit (see 'apprentice envs')");
    }

    private static void Validate(BehaviorCloningConfig bc)
    {
        if (bc.Steps <= 0) throw new InputException($"--iterations must be positive, got {bc.Steps}");
        if (bc.Batch <= 0) throw new InputException($"--batch must be positive, got {bc.Batch}");
        if (!(bc.LearningRate > 0 && double.IsFinite(bc.LearningRate)))
            throw new InputException($"--learning-rate must be positive, got {bc.LearningRate}");
    }

    private static void Validate(GailConfig g)
    {
        if (g.Iterations <= 0) throw new InputException($"--iterations must be positive, got {g.Iterations}");
        TrainCommand.CheckPolicyStep(g.Batch, g.Envs, g.Workers, g.Gamma, g.Lam, g.Trpo, g.EntropyWeight);
        if (g.Ppo is not null) PolicyStepOptions.Check(g.Ppo);
        if (!(g.DiscriminatorLearningRate > 0 && double.IsFinite(g.DiscriminatorLearningRate)))
            throw new InputException($"--discriminator-lr must be positive, got {g.DiscriminatorLearningRate}");
    }
}
