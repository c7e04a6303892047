namespace Apprentice.Cli;

/// <summary>
/// The paper's figures (Ho &amp; Ermon 2016, from the authors' result files): mean return over 50 evaluation
/// trajectories, averaged over runs, per task and number of expert trajectories. Keyed by our task id; the paper
/// ran the gym-2016 versions (Acrobot-v0, the MuJoCo -v1 tasks) that these ids stand for; its Ant saw the 111-d
/// observation with contact forces, which is our Ant-v4-contact.
/// </summary>
internal static class PaperResults
{
    /// <summary>
    /// A task's setting and figures. Returns are keyed by column (<see cref="ResultColumn.Key"/>): the algorithm, and for GAIL
    /// with a causal-entropy weight λ ≠ 0 also λ.
    /// </summary>
    public sealed record Task(string PaperId, double Expert, int[] Sizes, int PoolSize, int Runs, Dictionary<string, double[]> Returns)
    {
        /// <summary>The algorithms the paper ran on the task (Reacher: BC and GAIL only).</summary>
        public string[] Algos { get; init; } = ["bc", "fem", "gtal", "gail"];

        /// <summary>GAIL's causal-entropy weights λ, one column each (Reacher: the authors' entropy-regularisation study).</summary>
        public double[] EntropyWeights { get; init; } = [0];
    }

    public static readonly IReadOnlyDictionary<string, Task> Tasks = new Dictionary<string, Task>
    {
        ["CartPole-v0"] = new("CartPole-v0", 200.00, [1, 4, 7, 10], 10, 7, new()
        {
            ["bc"] = [71.9, 169.0, 188.6, 177.2], ["fem"] = [200, 200, 200, 199.8], ["gtal"] = [200, 200, 199.9, 200], ["gail"] = [200, 200, 200, 200],
        }),
        ["Acrobot-v1"] = new("Acrobot-v0", -75.25, [1, 4, 7, 10], 10, 7, new()
        {
            ["bc"] = [-130.6, -93.2, -96.9, -95.1], ["fem"] = [-133.3, -94.2, -95.0, -77.2], ["gtal"] = [-81.4, -94.8, -95.7, -94.3], ["gail"] = [-77.3, -83.1, -82.6, -78.9],
        }),
        ["MountainCar-v0"] = new("MountainCar-v0", -98.75, [1, 4, 7, 10], 10, 7, new()
        {
            ["bc"] = [-136.8, -133.3, -127.3, -123.1], ["fem"] = [-101.0, -99.3, -100.7, -100.5], ["gtal"] = [-115.4, -143.6, -129.0, -120.0], ["gail"] = [-101.6, -101.4, -99.9, -100.8],
        }),
        ["Hopper-v4"] = new("Hopper-v1", 3571.4, [4, 11, 18, 25], 50, 1, new()
        {
            ["bc"] = [50.6, 1025.8, 1949.1, 3384.0], ["fem"] = [3572.0, 3572.3, 3230.7, 3331.1], ["gtal"] = [3065.2, 3502.7, 3201.1, 3458.8], ["gail"] = [3614.2, 3615.0, 3600.7, 3560.9],
        }),
        ["Walker2d-v4"] = new("Walker2d-v1", 6717.1, [4, 11, 18, 25], 50, 1, new()
        {
            ["bc"] = [32.2, 5946.8, 1263.8, 1599.4], ["fem"] = [3648.2, 4723.4, 4184.3, 4368.2], ["gtal"] = [4945.9, 6139.3, 5288.7, 4687.8], ["gail"] = [4878.0, 6850.3, 6964.7, 6832.0],
        }),
        ["HalfCheetah-v4"] = new("HalfCheetah-v1", 4463.5, [4, 11, 18, 25], 50, 1, new()
        {
            ["bc"] = [-493.6, 637.6, 2705.0, 3718.6], ["fem"] = [734.0, -375.2, 343.6, 502.3], ["gtal"] = [1008.1, 226.1, 1084.3, 869.6], ["gail"] = [4515.7, 4280.7, 4749.4, 4840.1],
        }),
        ["Ant-v4-contact"] = new("Ant-v1", 4228.4, [4, 11, 18, 25], 50, 1, new()
        {
            ["bc"] = [1611.8, 3065.6, 2597.2, 3235.7], ["fem"] = [-2052.5, -4462.7, -5148.6, -5122.1], ["gtal"] = [-5743.8, -6252.2, -3067.1, -3271.4], ["gail"] = [3186.8, 3306.7, 3033.9, 4132.9],
        }),
        ["Humanoid-v4"] = new("Humanoid-v1", 9575.4, [80, 160, 240], 240, 1, new()
        {
            ["bc"] = [1397.1, 3655.1, 5660.5], ["fem"] = [5093.1, 5120.5, 5192.3], ["gtal"] = [5096.4, 5412.5, 5145.9], ["gail"] = [10200.7, 10119.8, 10361.9],
        }),
        // The authors' entropy-regularisation pipeline: a pool of 18 trajectories, BC and GAIL with λ = 0, 0.1, 0.01 and 0.001.
        // The paper prints λ = 0 and 0.001; λ = 0.01 and 0.1 are the means of the 7 runs in their results/entreg_results.h5.
        ["Reacher-v4"] = new("Reacher-v1", -4.09, [4, 11, 18], 18, 7, new()
        {
            ["bc"] = [-10.97, -6.23, -4.76], ["gail"] = [-67.23, -6.06, -8.25], [ResultColumn.KeyOf("gail", 0.001)] = [-32.37, -6.61, -5.66],
            [ResultColumn.KeyOf("gail", 0.01)] = [-46.72, -9.23, -5.04], [ResultColumn.KeyOf("gail", 0.1)] = [-302.62, -890.80, -1108.35],
        })
        {
            Algos = ["bc", "gail"],
            EntropyWeights = [0, 0.001, 0.01, 0.1],
        },
    };

    /// <summary>The paper's classic-control tasks: the default of `reproduce`, about 30 minutes on two cores.</summary>
    public static readonly string[] ClassicTasks = ["CartPole-v0", "Acrobot-v1", "MountainCar-v0"];

    /// <summary>The paper's MuJoCo tasks: the four main ones, then Reacher (7 runs a cell) and Humanoid (1,501 iterations a cell); days of compute at the paper's settings.</summary>
    public static readonly string[] MujocoTasks = ["Hopper-v4", "HalfCheetah-v4", "Walker2d-v4", "Ant-v4-contact", "Reacher-v4", "Humanoid-v4"];

    /// <summary>
    /// Task ids with the group names <c>classic</c>, <c>mujoco</c> and <c>paper</c> (both) expanded in place,
    /// each task once, in the order given.
    /// </summary>
    public static string[] ExpandTasks(IEnumerable<string> ids) =>
        ids.SelectMany(id => id switch
        {
            "classic" => ClassicTasks,
            "mujoco" => MujocoTasks,
            "paper" => [.. ClassicTasks, .. MujocoTasks],
            _ => [id],
        }).Distinct().ToArray();

    /// <summary>
    /// The experiment's layout for a task (its sizes, pool, runs, algorithms and λs): the paper's own for the paper's
    /// tasks, and for another version of one of them (Hopper-v5, Ant-v4, CartPole-v1: the same name before the first
    /// '-') that task's, so that they run the same experiment; null for other tasks. The paper's figures stay with
    /// its own ids (<see cref="Return"/>): another version is another task.
    /// </summary>
    public static Task? Layout(string task) =>
        Tasks.TryGetValue(task, out Task? own) ? own : Tasks.FirstOrDefault(t => Family(t.Key) == Family(task)).Value;

    private static string Family(string task) => task.Split('-')[0];

    public static double? Return(string task, string? column, int size) =>
        column is not null && Tasks.TryGetValue(task, out Task? t) && t.Returns.TryGetValue(column, out double[]? r) && Array.IndexOf(t.Sizes, size) is int i and >= 0
            ? r[i]
            : null;
}
