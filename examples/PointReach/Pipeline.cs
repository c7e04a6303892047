using Apprentice;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

namespace PointReach;

/// <summary>How long each stage runs; <see cref="Full"/> is the example's default, <see cref="Quick"/> a smoke test.</summary>
public sealed record Budget(long ExpertSteps, int Demonstrations, int GailIterations, int CloningSteps, int EvalEpisodes)
{
    public static Budget Full => new(400_000, 10, 301, 2_001, 50);

    public static Budget Quick => new(20_000, 2, 3, 101, 5);
}

/// <summary>What the pipeline measured: mean returns over the same evaluation episodes.</summary>
public sealed record Outcome(double Random, double Expert, double Gail, double Cloning, double GailFromCloning)
{
    /// <summary>The paper's normalisation: 0 is the random policy, 1 the expert.</summary>
    public double Score(double value) => (value - Random) / (Expert - Random);
}

/// <summary>
/// The whole workflow on a task of your own: train an expert with TRPO on the true reward, record its
/// demonstrations, imitate them with GAIL and with behaviour cloning (neither sees the reward), then with GAIL
/// started from the cloned policy, evaluate everything on the same episodes, and save the results (safetensors to
/// reload, ONNX to deploy).
/// </summary>
public static class Pipeline
{
    public static Outcome Run(Budget budget, string outDirectory, TextWriter log, int seed = 0)
    {
        PointReachEnv.Register();
        string env = PointReachEnv.Id;

        // 1. An expert: TRPO on the env's own reward, 2×100 tanh policy (TrainConfig's defaults).
        using var trainer = new TrpoTrainer(new TrainConfig { EnvId = env, Steps = budget.ExpertSteps, Seed = seed });
        while (!trainer.Done)
        {
            IterationMetrics m = trainer.Step();
            if (m.Iteration % 10 == 0 || m.Iteration == 1) log.WriteLine($"expert  iter {m.Iteration,3}  return {m.MeanReturn,8:F2}");
        }
        PolicyFile.Save(trainer.Policy, Path.Combine(outDirectory, "expert.safetensors"), env);

        // 2. Its demonstrations, sampled from the stochastic expert as the paper's were, in imitation's .npz layout.
        Demonstrations demos;
        using (IEnv recording = Gym.Make(env))
            demos = DemoRecorder.Record(recording, trainer.Policy, budget.Demonstrations, seed: 1_000 + seed, rng: new Rng((ulong)seed).Split("demos"));
        demos.Save(Path.Combine(outDirectory, "demos.npz"));
        ExpertPairs expert = demos.Pairs(subsample: 1);

        // 3. GAIL (Algorithm 1): a discriminator on (s, a) and TRPO on its reward.
        using var gail = new Gail(GailConfig.ForTask(env) with { Iterations = budget.GailIterations, Seed = seed }, expert);
        while (!gail.Done)
        {
            GailMetrics m = gail.Step();
            if (m.Iteration % 10 == 0 || m.Iteration == 1) log.WriteLine($"gail    iter {m.Iteration,3}  true return {m.TrueReturn,8:F2}  D loss {m.DiscriminatorLoss:F3}");
        }
        PolicyFile.Save(gail.Policy, Path.Combine(outDirectory, "gail.safetensors"), env);
        PolicyOnnx.Save(gail.Policy, Path.Combine(outDirectory, "gail.onnx"), env);

        // 4. Behaviour cloning on the same pairs: supervised, keeping the best-validated snapshot.
        using (IEnv spaces = Gym.Make(env))
        {
            var cloning = new BehaviorCloning(BehaviorCloningConfig.ForTask(env) with { Steps = budget.CloningSteps, Seed = seed }, expert, spaces.ActionSpace);
            while (!cloning.Done) cloning.Train();
            cloning.KeepBest();
            PolicyFile.Save(cloning.Policy, Path.Combine(outDirectory, "bc.safetensors"), env);

            // 5. GAIL again, its policy started from the cloned one rather than at random (the paper's closing
            // section proposes it: cloning needs no interaction with the env). Its discriminator starts afresh.
            using var started = new Gail(GailConfig.ForTask(env) with { Iterations = budget.GailIterations, Seed = seed }, expert);
            started.StartFrom(cloning.Policy);
            while (!started.Done)
            {
                GailMetrics m = started.Step();
                if (m.Iteration % 10 == 0 || m.Iteration == 1) log.WriteLine($"bc+gail iter {m.Iteration,3}  true return {m.TrueReturn,8:F2}  D loss {m.DiscriminatorLoss:F3}");
            }
            PolicyFile.Save(started.Policy, Path.Combine(outDirectory, "gail-from-bc.safetensors"), env);

            // 6. Every policy on the same seeded episodes, acting with its mode (Gaussian mean).
            double Evaluate(Evaluation.Actor act) => Evaluation.Run(spaces, act, budget.EvalEpisodes, seed: 10_000 + seed).MeanReturn;
            double Deterministic(MlpPolicy policy)
            {
                PolicyWorkspace ws = policy.CreateWorkspace();
                return Evaluate((obs, action) => policy.Act(ws, obs, 1, rng: null, action));
            }
            var randomRng = new Rng((ulong)seed).Split("random");
            return new Outcome(
                Random: Evaluate((_, action) => spaces.ActionSpace.Sample(randomRng, action)),
                Expert: Deterministic(trainer.Policy),
                Gail: Deterministic(gail.Policy),
                Cloning: Deterministic(cloning.Policy),
                GailFromCloning: Deterministic(started.Policy));
        }
    }
}
