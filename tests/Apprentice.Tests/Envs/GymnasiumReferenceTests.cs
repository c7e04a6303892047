using Apprentice.Envs;

namespace Apprentice.Tests.Envs;

/// <summary>
/// Replays episodes recorded with Gymnasium itself (format: shared/reference/gymnasium/README.md) through
/// <see cref="Gym.Make"/>, one test case per episode. Set GYM_REFERENCE_DIR to check another folder of .jsonl files.
/// </summary>
public class GymnasiumReferenceTests
{
    private const double ObservationTolerance = 1e-5;
    private const double RewardTolerance = 1e-9;
    private const double DriftLimit = 1e-9;
    private const int MinDriftSteps = 50;

    public static TheoryData<string, int, string> Episodes()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string file in Files())
        {
            int line = 0;
            foreach (Episode e in ReferenceEpisodes.Read(file))
            {
                data.Add(Path.GetFileName(file), line++, $"{e.EnvId} seed {e.Seed} ({e.Policy}, {e.Steps.Length} steps)");
            }
        }
        return data;
    }

    [Fact]
    public void Files_ReferenceFolder_HoldsEpisodesOfEveryClassicTask()
    {
        string[] files = Files();
        Assert.NotEmpty(files);
        if (Environment.GetEnvironmentVariable("GYM_REFERENCE_DIR") is not null) return;
        var ids = files.SelectMany(ReferenceEpisodes.Read).Select(e => e.EnvId).ToHashSet();
        Assert.Superset(ids, new HashSet<string>(Gym.Specs.Select(s => s.Id)));
    }

    /// <summary>
    /// Open-loop replay in one env. Gymnasium takes sin/cos from numpy, whose float64 kernels differ from libm
    /// in the last bit; CartPole's unstable open-loop dynamics amplify that about 8% a step, past the 1e-5
    /// observation tolerance after ~330 steps. So once the state has drifted beyond <see cref="DriftLimit"/>
    /// (a million times rounding, a millionth of the observation tolerance) the recorded state is re-seated,
    /// keeping the replay on Gymnasium's trajectory while every step is still checked in sequence. Rounding
    /// differences need hundreds of steps to grow that far; drift within <see cref="MinDriftSteps"/> steps of the
    /// last seating is a real discrepancy and fails.
    /// </summary>
    [Theory]
    [MemberData(nameof(Episodes))]
    public void Make_RecordedEpisode_MatchesGymnasiumEveryStep(string file, int line, string episode)
    {
        Episode e = Load(file, line);
        using IEnv env = Make(e);
        var obs = new float[env.ObservationSpace.FlatSize];
        Seat(env, e, e.InitialState, obs);
        AssertObservation(e.InitialObservation, obs, $"{episode}: initial observation");

        int reseats = 0, seatedAt = 0;
        for (int t = 0; t < e.Steps.Length; t++)
        {
            ReferenceStep s = e.Steps[t];
            StepResult r = env.Step(s.Action, obs);
            AssertStep(s, r, obs, $"{episode}: step {t}");
            double drift = Drift(Stateful(env).State, s.State);
            if (drift > DriftLimit)
            {
                Assert.True(t + 1 - seatedAt >= MinDriftSteps,
                    $"{episode}: step {t}: state drifted {drift:G3} from Gymnasium's within {t + 1 - seatedAt} steps of seating");
                Stateful(env).State = s.State;
                seatedAt = t + 1;
                reseats++;
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{episode}: {reseats} re-seats for drift > {DriftLimit}");
    }

    [Theory]
    [MemberData(nameof(Episodes))]
    public void Make_RecordedEpisodeReseatedEachStep_MatchesGymnasiumEveryStep(string file, int line, string episode)
    {
        Episode e = Load(file, line);
        using IEnv env = Make(e);
        var obs = new float[env.ObservationSpace.FlatSize];
        Seat(env, e, e.InitialState, obs);

        double[] state = e.InitialState;
        for (int t = 0; t < e.Steps.Length; t++)
        {
            ReferenceStep s = e.Steps[t];
            Stateful(env).State = state;
            StepResult r = env.Step(s.Action, obs);
            AssertStep(s, r, obs, $"{episode}: step {t} from the recorded state");
            state = s.State;
        }
    }

    private static string[] Files()
    {
        string dir = Environment.GetEnvironmentVariable("GYM_REFERENCE_DIR")
            ?? Path.Combine(AppContext.BaseDirectory, "Data", "gymnasium");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToArray() : [];
    }

    private static Episode Load(string file, int line)
    {
        string path = Files().Single(f => Path.GetFileName(f) == file);
        return ReferenceEpisodes.Read(path)[line];
    }

    private static IEnv Make(Episode e)
    {
        IEnv env = Gym.Make(e.EnvId);
        Assert.Equal(e.MaxEpisodeSteps, env.Spec?.MaxEpisodeSteps);
        Assert.Equal(e.RewardThreshold, env.Spec?.RewardThreshold);
        return env;
    }

    private static void Seat(IEnv env, Episode e, double[] state, float[] obs)
    {
        env.Reset(obs, seed: e.Seed);
        IStatefulEnv raw = Stateful(env);
        raw.State = state;
        raw.Observe(obs);
    }

    private static IStatefulEnv Stateful(IEnv env) =>
        env.Unwrapped as IStatefulEnv
        ?? throw new InvalidOperationException($"{env.Unwrapped.GetType().Name} does not expose its state");

    private static double Drift(double[] actual, double[] expected)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / (1 + Math.Abs(expected[i])));
        return worst;
    }

    private static void AssertStep(ReferenceStep s, StepResult r, float[] obs, string where)
    {
        AssertObservation(s.Observation, obs, where);
        Assert.True(Math.Abs(s.Reward - r.Reward) <= RewardTolerance, $"{where}: reward {r.Reward:R}, Gymnasium {s.Reward:R}");
        Assert.True(s.Terminated == r.Terminated, $"{where}: terminated {r.Terminated}, Gymnasium {s.Terminated}");
        Assert.True(s.Truncated == r.Truncated, $"{where}: truncated {r.Truncated}, Gymnasium {s.Truncated}");
    }

    private static void AssertObservation(double[] expected, float[] actual, string where)
    {
        Assert.True(expected.Length == actual.Length, $"{where}: observation has {actual.Length} entries, Gymnasium {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i] - actual[i]);
            bool close = diff <= ObservationTolerance || diff <= ObservationTolerance * Math.Abs(expected[i]);
            Assert.True(close, $"{where}: observation[{i}] = {actual[i]:R}, Gymnasium {expected[i]:R}");
        }
    }
}
