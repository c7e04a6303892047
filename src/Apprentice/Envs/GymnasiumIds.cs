using System.Text.Json.Nodes;

namespace Apprentice.Envs;

/// <summary>
/// How Gymnasium registers the tasks built in here (<c>gymnasium/envs/__init__.py</c>), for files that Python reads
/// back into a Gymnasium env: Minari's <c>env_spec</c>, for one. Our ids are Gymnasium's, except
/// <c>Ant-v4-contact</c>, which is Gymnasium's <c>Ant-v4</c> made with <c>use_contact_forces=True</c>.
/// </summary>
public static class GymnasiumIds
{
    /// <param name="Id">Gymnasium's id.</param>
    /// <param name="EntryPoint">The module and class <c>gymnasium.make</c> builds.</param>
    /// <param name="VectorEntryPoint">The vectorised class, for the tasks that have one.</param>
    /// <param name="Kwargs">The arguments <c>gymnasium.make</c> must pass to make our task, as a JSON object.</param>
    public sealed record Registration(string Id, string EntryPoint, string? VectorEntryPoint = null, string Kwargs = "{}");

    private const string Classic = "gymnasium.envs.classic_control.";
    private const string MuJoCo = "gymnasium.envs.mujoco.";

    private static readonly Dictionary<string, Registration> Ours = new(StringComparer.Ordinal)
    {
        ["CartPole-v0"] = new("CartPole-v0", Classic + "cartpole:CartPoleEnv", Classic + "cartpole:CartPoleVectorEnv"),
        ["CartPole-v1"] = new("CartPole-v1", Classic + "cartpole:CartPoleEnv", Classic + "cartpole:CartPoleVectorEnv"),
        ["MountainCar-v0"] = new("MountainCar-v0", Classic + "mountain_car:MountainCarEnv"),
        ["MountainCarContinuous-v0"] = new("MountainCarContinuous-v0", Classic + "continuous_mountain_car:Continuous_MountainCarEnv"),
        ["Pendulum-v1"] = new("Pendulum-v1", Classic + "pendulum:PendulumEnv"),
        ["Acrobot-v1"] = new("Acrobot-v1", Classic + "acrobot:AcrobotEnv"),
        ["Reacher-v4"] = new("Reacher-v4", MuJoCo + "reacher_v4:ReacherEnv"),
        ["HalfCheetah-v4"] = new("HalfCheetah-v4", MuJoCo + "half_cheetah_v4:HalfCheetahEnv"),
        ["Hopper-v4"] = new("Hopper-v4", MuJoCo + "hopper_v4:HopperEnv"),
        ["Walker2d-v4"] = new("Walker2d-v4", MuJoCo + "walker2d_v4:Walker2dEnv"),
        ["Ant-v4"] = new("Ant-v4", MuJoCo + "ant_v4:AntEnv"),
        ["Ant-v4-contact"] = new("Ant-v4", MuJoCo + "ant_v4:AntEnv", Kwargs: """{"use_contact_forces": true}"""),
        ["Humanoid-v4"] = new("Humanoid-v4", MuJoCo + "humanoid_v4:HumanoidEnv"),
        ["Reacher-v5"] = new("Reacher-v5", MuJoCo + "reacher_v5:ReacherEnv"),
        ["HalfCheetah-v5"] = new("HalfCheetah-v5", MuJoCo + "half_cheetah_v5:HalfCheetahEnv"),
        ["Hopper-v5"] = new("Hopper-v5", MuJoCo + "hopper_v5:HopperEnv"),
        ["Walker2d-v5"] = new("Walker2d-v5", MuJoCo + "walker2d_v5:Walker2dEnv"),
        ["Ant-v5"] = new("Ant-v5", MuJoCo + "ant_v5:AntEnv"),
        ["Humanoid-v5"] = new("Humanoid-v5", MuJoCo + "humanoid_v5:HumanoidEnv"),
    };

    /// <summary>Gymnasium's registration of one of our ids; null for a task Gymnasium does not have (one of yours).</summary>
    public static Registration? Of(string id) => Ours.GetValueOrDefault(id);

    /// <summary>
    /// Our id for the env Gymnasium makes from <paramref name="gymnasiumId"/> and <paramref name="kwargs"/> (a JSON
    /// object; null or empty for none); null when no task here is that env, such as <c>Hopper-v3</c>. A
    /// <c>render_mode</c> among the kwargs is left out: it changes what is drawn, not the task.
    /// </summary>
    public static string? Find(string gymnasiumId, JsonObject? kwargs)
    {
        var given = new JsonObject();
        foreach (var (name, value) in kwargs ?? [])
            if (name != "render_mode") given[name] = value?.DeepClone();
        foreach (var (ours, registration) in Ours)
            if (registration.Id == gymnasiumId && JsonNode.DeepEquals(JsonNode.Parse(registration.Kwargs), given))
                return ours;
        return null;
    }
}
