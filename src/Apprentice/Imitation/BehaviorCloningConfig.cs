namespace Apprentice.Imitation;

/// <summary>Behaviour-cloning settings; defaults are the authors' classic-control ones (MuJoCo: 20,001 steps, validation every 1,000).</summary>
public sealed record BehaviorCloningConfig
{
    public int Seed { get; init; }

    public int Steps { get; init; } = 1_001;

    public int Batch { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Share of the pairs trained on; the rest measures the validation loss that picks the kept parameters.</summary>
    public double TrainFraction { get; init; } = 0.7;

    public int ValidateEvery { get; init; } = 100;

    public IReadOnlyList<int> Hidden { get; init; } = [100, 100];

    /// <summary>The authors' settings for a task (Reacher: their entropy-regularisation pipeline's 10,001 steps, validation every 500).</summary>
    public static BehaviorCloningConfig ForTask(string envId) => envId.Split('-')[0] switch
    {
        "Reacher" => new BehaviorCloningConfig { Steps = 10_001, ValidateEvery = 500 },
        "Hopper" or "Walker2d" or "HalfCheetah" or "Ant" or "Humanoid" => new BehaviorCloningConfig { Steps = 20_001, ValidateEvery = 1_000 },
        _ => new BehaviorCloningConfig(),
    };
}
