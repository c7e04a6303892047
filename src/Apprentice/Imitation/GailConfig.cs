using Apprentice.Rl;

namespace Apprentice.Imitation;

/// <summary>
/// GAIL settings. Defaults are the authors' classic-control settings (openai/imitation,
/// <c>pipelines/im_classic_pipeline.yaml</c> and <c>scripts/imitate_mj.py</c>); <see cref="ForTask"/> applies
/// the per-task ones (reward sign, expert subsampling, batch and iterations for MuJoCo).
/// </summary>
public sealed record GailConfig
{
    public required string EnvId { get; init; }

    public int Seed { get; init; }

    /// <summary>Policy updates; the authors' max_iter (301 classic, 501 MuJoCo, 1,501 Humanoid, 201 Reacher), whose last snapshot they evaluated.</summary>
    public int Iterations { get; init; } = 301;

    /// <summary>State-action pairs sampled per iteration (whole trajectories, at least this many).</summary>
    public int Batch { get; init; } = 5_000;

    /// <summary>
    /// Env copies sampled together (8, batching the policy's forward passes). <see cref="ForTask"/> gives classic control
    /// one, as the authors' classic pipeline sampled (<c>--sim_batch_size 1</c>): whole episodes, one after another.
    /// </summary>
    public int Envs { get; init; } = 8;

    /// <summary>Threads stepping the env copies; results do not depend on it. <see cref="ForTask"/> gives MuJoCo tasks every core.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Use the first K trajectories of the demonstrations (null: all).</summary>
    public int? Trajectories { get; init; }

    /// <summary>Keep every k-th expert pair of each trajectory, from a random offset (the authors' data_subsamp_freq).</summary>
    public int Subsample { get; init; } = 1;

    public RewardSign RewardSign { get; init; } = RewardSign.Positive;

    /// <summary>The learned cost: GAIL's discriminator (default) or the FEM / GTAL linear baselines, with the same TRPO step.</summary>
    public CostModel Cost { get; init; } = CostModel.Discriminator;

    /// <summary>
    /// Imitation from observations (GAIfO, Torabi, Warnell &amp; Stone 2018): the discriminator tells the expert's
    /// transitions (s, s′) from the policy's instead of its (s, a) pairs, so the demonstrations' actions are not used
    /// (the expert's "actions" are its next observations; <see cref="Data.Demonstrations.Transitions(int)"/>). GAIL's
    /// discriminator only; not the paper's setting.
    /// </summary>
    public bool ObservationsOnly { get; init; }

    /// <summary>
    /// What the demonstrations' continuous actions are, and so which of the policy's actions the cost sees: executed
    /// (clipped to the Box; default) or raw Gaussian samples (the authors' convention).
    /// </summary>
    public ExpertActions ExpertActions { get; init; } = ExpertActions.Executed;

    /// <summary>Causal-entropy weight λ: the reward gains −λ·log π(a|s) (the authors' policy_ent_reg; 0 in the paper's runs).</summary>
    public double EntropyWeight { get; init; }

    public double DiscriminatorLearningRate { get; init; } = 0.01;

    /// <summary>Weight of the discriminator's Bernoulli-entropy bonus.</summary>
    public double DiscriminatorEntropyWeight { get; init; } = 0.001;

    public double Gamma { get; init; } = 0.995;

    public double Lam { get; init; } = 0.97;

    /// <summary>
    /// Whether a trajectory cut by the time limit bootstraps from V(s_T, T) (default) or ends at 0, as the authors'
    /// code ends every trajectory. <see cref="ForTask"/> turns it off for Reacher: every episode there is cut after 50
    /// steps, a quarter of the discount horizon 1/(1 − γ), so the tail V(s_50, 50), at a time the value function is
    /// never fitted on, outweighs the episode's own rewards (with it GAIL on 11 trajectories scored −82.0, far below
    /// random; without it −5.6).
    /// </summary>
    public bool BootstrapTimeLimit { get; init; } = true;

    public IReadOnlyList<int> Hidden { get; init; } = [100, 100];

    /// <summary>TRPO's settings; its trust region also bounds the value function's fit when the policy steps with PPO.</summary>
    public TrpoConfig Trpo { get; init; } = new();

    /// <summary>
    /// The policy step: TRPO (null, the default, as the paper and <c>reproduce</c>) or PPO with these settings, the
    /// learner of HumanCompatibleAI/imitation's GAIL.
    /// </summary>
    public PpoConfig? Ppo { get; init; }

    /// <summary>
    /// The authors' settings for a task: reward sign (negative where reaching the goal ends the episode), subsampling,
    /// scale, and on classic control their sequential sampler (one env copy). MuJoCo tasks also sample on every core
    /// (their steps dominate an iteration); classic control keeps one thread, as a wake-up costs more than its steps.
    /// Reacher ends its trajectories at the time limit, as the authors did (<see cref="BootstrapTimeLimit"/> says why).
    /// </summary>
    public static GailConfig ForTask(string envId)
    {
        var config = new GailConfig { EnvId = envId };
        GailConfig classic = config with { Envs = 1 };
        string family = envId.Split('-')[0];
        return family switch
        {
            "CartPole" => classic with { Subsample = 10 },
            "MountainCar" or "MountainCarContinuous" or "Acrobot" => classic with { Subsample = 5, RewardSign = RewardSign.Negative },
            "Pendulum" => classic with { Subsample = 5 },
            "Reacher" => config with { Subsample = 1, Batch = 50_000, Iterations = 201, Workers = AllCores, BootstrapTimeLimit = false },
            "Humanoid" => config with { Subsample = 20, Batch = 50_000, Iterations = 1_501, Workers = AllCores },
            "Hopper" or "Walker2d" or "HalfCheetah" or "Ant" => config with { Subsample = 20, Batch = 50_000, Iterations = 501, Workers = AllCores },
            _ => config,
        };
    }

    private static int AllCores => Math.Max(1, Environment.ProcessorCount);
}
