using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;

namespace Apprentice.Tests.Imitation;

/// <summary>Expert pairs recorded in-process from a shipped expert, for learner tests that need no files.</summary>
internal static class ExpertData
{
    public static ExpertPairs Record(string envId, int trajectories, int subsample, int seed = 5)
    {
        var (policy, _) = PolicyFile.Load(Path.Combine(AppContext.BaseDirectory, "data", "experts", $"{envId}.safetensors"));
        using IEnv env = Gym.Make(envId);
        PolicyWorkspace ws = policy.CreateWorkspace();
        var rng = new Rng((ulong)seed);
        var observations = new List<float>();
        var actions = new List<float>();
        int n = env.ObservationSpace.FlatSize, a = env.ActionSpace.FlatSize;
        var obs = new float[n];
        var act = new float[a];
        for (int e = 0; e < trajectories; e++)
        {
            env.Reset(obs, e == 0 ? seed : null);
            int offset = rng.NextInt(subsample);
            for (int t = 0; ; t++)
            {
                policy.Act(ws, obs, 1, rng, act);
                if (t % subsample == offset)
                {
                    observations.AddRange(obs);
                    actions.AddRange(act);
                }
                StepResult step = env.Step(act, obs);
                if (step.Terminated || step.Truncated) break;
            }
        }
        return new ExpertPairs(observations.ToArray(), actions.ToArray(), n, a);
    }
}
