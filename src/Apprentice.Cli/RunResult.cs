using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Apprentice.Data;
using Apprentice.Imitation;
using Apprentice.Rl;

namespace Apprentice.Cli;

/// <summary>
/// The outcome of an imitation run (result.json): the final policy's evaluation beside the expert's return (from
/// the demonstrations) and a random policy's, and the normalised score (return − random) / (expert − random):
/// 0 = random, 1 = expert, as the paper's Figure 1. TrainingSeconds is the training's wall time (absent in files
/// written before it was recorded).
/// </summary>
public sealed record RunResult(
    string EnvId,
    string Algo,
    int Trajectories,
    int Run,
    int Episodes,
    double MeanReturn,
    double StdReturn,
    double? ExpertReturn,
    double RandomReturn,
    double? NormalizedScore,
    double? TrainingSeconds = null)
{
    /// <summary>The policy step's causal-entropy weight λ (0 for BC, and in files written before it was recorded).</summary>
    public double EntropyWeight { get; init; }

    /// <summary>
    /// How the evaluation stepped the env with the policy's continuous actions, as the demonstrations hold them and
    /// their expert return was measured: executed (clipped to the action space) or sampled (unclipped). Null in files
    /// written before it was recorded, whose evaluations stepped with the unclipped action whatever the convention.
    /// </summary>
    public ExpertActions? EvaluatedActions { get; init; }

    /// <summary><see cref="PolicyStep"/> of a run whose policy step was PPO.</summary>
    public const string PpoStep = "ppo";

    /// <summary>"ppo" when a GAIL, FEM or GTAL run's policy step was PPO; null for the paper's TRPO, and for BC.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PolicyStep { get; init; }

    /// <summary>The policy file a GAIL, FEM or GTAL run started from (<c>--init-policy</c>); null for random weights, as the paper's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InitialPolicy { get; init; }

    /// <summary>Whether GAIL learned from the demonstrations' observations alone (<c>--observations-only</c>); false, and not written, otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ObservationsOnly { get; init; }

    /// <summary>The reference scores of the demonstrations' Minari dataset, when it has them (null otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MinariMetadata.ReferenceScores? DatasetReferences { get; init; }

    /// <summary>The return normalised by <see cref="DatasetReferences"/> as Minari's <c>get_normalized_score</c> does (D4RL's normalised score).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DatasetNormalizedScore => DatasetReferences?.Normalize(MeanReturn);

    public static RunResult Create(ImitateRun run, Evaluation evaluation, double? expert, double random, int trajectories, double trainingSeconds) =>
        new(run.EnvId, run.Algo, trajectories, run.Seed, evaluation.Episodes, evaluation.MeanReturn, evaluation.StdReturn, expert, random,
            Score(evaluation.MeanReturn, expert, random), trainingSeconds)
        {
            EntropyWeight = run.Gail?.EntropyWeight ?? 0,
            EvaluatedActions = run.ExpertActions,
            PolicyStep = run.Gail?.Ppo is null ? null : PpoStep,
            InitialPolicy = run.InitialPolicy,
            ObservationsOnly = run.Gail?.ObservationsOnly == true,
        };

    /// <summary>This result with the policy's evaluation replaced by <paramref name="evaluation"/>, made stepping with <paramref name="actions"/>.</summary>
    public RunResult Reevaluated(Evaluation evaluation, ExpertActions actions) => this with
    {
        Episodes = evaluation.Episodes,
        MeanReturn = evaluation.MeanReturn,
        StdReturn = evaluation.StdReturn,
        NormalizedScore = Score(evaluation.MeanReturn, ExpertReturn, RandomReturn),
        EvaluatedActions = actions,
    };

    /// <summary>(return − random) / (expert − random): 0 = random, 1 = expert; none without an expert level apart from random's.</summary>
    private static double? Score(double mean, double? expert, double random) =>
        expert is double e && e != random ? (mean - random) / (e - random) : null;

    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, "result.json"), JsonSerializer.Serialize(this, RunFiles.Json) + "\n");

    public static RunResult Read(string directory)
    {
        string path = Path.Combine(directory, "result.json");
        if (!File.Exists(path)) throw new InputException($"'{directory}' has no result.json (did the run finish?)");
        RunResult result;
        try
        {
            result = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), RunFiles.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new InputException($"'{path}' is damaged: {ex.Message.ReplaceLineEndings(" ")}");
        }
        // A result written before the policy step was recorded: the run's config.json, beside it, says which it took.
        return result.PolicyStep is null && result.Algo != "bc" && ConfigOf(directory)?.Gail?.Ppo is not null ? result with { PolicyStep = PpoStep } : result;
    }

    /// <summary>The run's config.json, or null when there is none that reads.</summary>
    private static ImitateRun? ConfigOf(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<ImitateRun>(File.ReadAllText(Path.Combine(directory, "config.json")), RunFiles.Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string Describe()
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{ResultColumn.Of(this).Key} on {EnvId}: return {MeanReturn:F2} ± {StdReturn:F2} over {Wording.Count(Episodes, "episode", "episodes")} (deterministic); expert {Format(ExpertReturn)}, random {RandomReturn:F2}; normalised score {Format(NormalizedScore, "F3")}");
        return DatasetReferences is null ? line : $"{line}; the dataset's normalised score {Format(DatasetNormalizedScore, "F3")}";
    }

    private static string Format(double? value, string format = "F2") =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
