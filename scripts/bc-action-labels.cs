#:project ../src/Apprentice/Apprentice.csproj
#:property PublishAot=false
// Behaviour cloning on executed against sampled expert actions, on the expert pools of `apprentice reproduce`.
//
//   dotnet run scripts/bc-action-labels.cs [TASK ...]   (from the repository root; default: Hopper-v4 HalfCheetah-v4 Walker2d-v4)
//
// Our demonstrations store the action the env executed: the Gaussian sample clipped to the action box. The GAIL
// authors' code stored the sample itself. When the expert saturates its controls, the mean of the clipped samples
// is pulled towards the box's centre, and so is the mean that BC regresses. This script records the pool exactly
// as `reproduce` does (same expert, seed and sampling stream), keeps both labels of every step, and trains BC's
// cells (run 0, same subsampling, config and evaluation) on each. The "executed" column reproduces the committed
// cells in data/reproduce-mujoco/cells/<task>/bc-k<K>-r0/result.json.
using System.Globalization;
using Apprentice;
using Apprentice.Data;
using Apprentice.Envs;
using Apprentice.Imitation;
using Apprentice.Policies;
using Apprentice.Rl;

string[] tasks = args.Length > 0 ? args : ["Hopper-v4", "HalfCheetah-v4", "Walker2d-v4"];
int[] sizes = [4, 11, 18, 25];
Console.WriteLine("| task | K | BC on executed actions | BC on sampled actions |");
Console.WriteLine("|---|---|---|---|");
foreach (string task in tasks)
{
    var (executed, sampled, outside) = RecordPool(task, Path.Combine("data", "experts", $"{task}.safetensors"));
    foreach (int k in sizes)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {task} | {k} | {CloneAndEvaluate(task, executed, k):F1} | {CloneAndEvaluate(task, sampled, k):F1} |"));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{task}: {outside:P1} of the sampled action values lie outside the box"));
}

// The reproduce pool (50 trajectories, seed 12,345, the "pool" stream) recorded twice from the same stream: the
// env clips either label to the same executed action, so both recordings see the same states.
static (Demonstrations Executed, Demonstrations Sampled, double Outside) RecordPool(string task, string expertPath)
{
    var (policy, _) = PolicyFile.Load(expertPath);
    using IEnv env = Gym.Make(task);
    Demonstrations Record(ExpertActions stored) => DemoRecorder.Record(env, policy, 50, 12_345, new Rng(12_345).Split("pool"), stored);
    Demonstrations executed = Record(ExpertActions.Executed), sampled = Record(ExpertActions.Sampled);
    var box = (Box)env.ActionSpace;
    long outside = 0, values = 0;
    foreach (DemoTrajectory t in sampled.Trajectories)
    {
        ReadOnlySpan<float> actions = t.Actions;
        for (int i = 0; i < actions.Length; i++)
            if (actions[i] < box.LowAt(i % box.FlatSize) || actions[i] > box.HighAt(i % box.FlatSize)) outside++;
        values += actions.Length;
    }
    return (executed, sampled, outside / (double)values);
}

// One BC cell as `reproduce` runs it (run 0): its subsampling stream, the task's BC config, the best-validation
// snapshot, and the mean return of 50 deterministic episodes from seed 1,000,000.
static double CloneAndEvaluate(string task, Demonstrations pool, int trajectories)
{
    using IEnv env = Gym.Make(task);
    ExpertPairs expert = pool.Take(trajectories).Pairs(GailConfig.ForTask(task).Subsample);
    var bc = new BehaviorCloning(BehaviorCloningConfig.ForTask(task), expert, env.ActionSpace);
    while (!bc.Done) bc.Train();
    bc.KeepBest();
    PolicyWorkspace workspace = bc.Policy.CreateWorkspace();
    return Evaluation.Run(env, (observation, action) => bc.Policy.Act(workspace, observation, 1, null, action), 50, 1_000_000).MeanReturn;
}
