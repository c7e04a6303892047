using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using Apprentice.Tests.Envs.MuJoCo;

namespace Apprentice.Tests.Envs;

public class ObservationNamesTests
{
    [Theory]
    [InlineData("CartPole-v1", "cart_position cart_velocity pole_angle pole_angular_velocity", "push_left push_right")]
    [InlineData("Acrobot-v1", "cos_theta1 sin_theta1 cos_theta2 sin_theta2 theta1_velocity theta2_velocity", "torque_-1 torque_0 torque_+1")]
    [InlineData("MountainCar-v0", "position velocity", "accelerate_left no_acceleration accelerate_right")]
    [InlineData("MountainCarContinuous-v0", "position velocity", "force")]
    [InlineData("Pendulum-v1", "cos_theta sin_theta angular_velocity", "torque")]
    public void ClassicControl_EachTask_NamesItsCoordinatesAndActionsAsGymnasiumDocumentsThem(string id, string observations, string actions)
    {
        using IEnv env = Gym.Make(id);
        Assert.Equal(observations.Split(' '), IObservationNames.Of(env));
        Assert.Equal(actions.Split(' '), IActionNames.Of(env));
    }

    [Theory]
    [MemberData(nameof(MuJoCoTaskTests.Ids), MemberType = typeof(MuJoCoTaskTests))]
    public void MuJoCo_EachTask_OneDistinctNamePerCoordinate(string id)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        IReadOnlyList<string> names = Assert.IsAssignableFrom<IReadOnlyList<string>>(IObservationNames.Of(env));
        Assert.Equal(env.ObservationSpace.FlatSize, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.False(string.IsNullOrEmpty(n) || n.Any(char.IsWhiteSpace), $"'{n}'"));
    }

    [Theory]
    [InlineData("Hopper-v4", 0, "qpos.rootz")] // Gymnasium: the torso's height first, x left out
    [InlineData("Hopper-v4", 5, "qvel.rootx")]
    [InlineData("Humanoid-v4", 22, "qvel.root.vx")]
    [InlineData("Humanoid-v4", 45, "cinert.world.0")] // v4 keeps the world body's rows
    [InlineData("Humanoid-v4", 292, "cfrc_ext.world.tx")]
    [InlineData("Humanoid-v5", 45, "cinert.torso.0")] // v5 leaves them out
    [InlineData("Humanoid-v5", 253, "qfrc_actuator.abdomen_z")] // and the free joint's six actuator forces
    [InlineData("Ant-v4-contact", 27, "cfrc_ext.world.tx")]
    [InlineData("Ant-v5", 27, "cfrc_ext.torso.tx")]
    [InlineData("Ant-v5", 45, "cfrc_ext.body4.tx")] // a body the model leaves unnamed: by its index
    [InlineData("Reacher-v4", 10, "fingertip_to_target.z")]
    public void MuJoCo_Layout_MatchesGymnasiums(string id, int index, string name)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        Assert.Equal(name, IObservationNames.Of(env)![index]);
    }

    [Theory]
    [MemberData(nameof(MuJoCoTaskTests.Ids), MemberType = typeof(MuJoCoTaskTests))]
    public void MuJoCo_EachName_PointsAtTheValueItNames(string id)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        var task = (MuJoCoEnv)env.Unwrapped;
        IReadOnlyList<string> names = IObservationNames.Of(env)!;
        var observation = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        env.Reset(observation, seed: 3);
        var rng = new Rng(3);
        for (int t = 0; t < 20; t++)
        {
            for (int i = 0; i < action.Length; i++) action[i] = (float)rng.Uniform(-0.4, 0.4);
            env.Step(action, observation);
        }
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i].StartsWith("fingertip_to_target.", StringComparison.Ordinal)) continue; // Reacher's: body positions' difference
            double value = Value(task, names[i]);
            if (names[i].StartsWith("qvel.", StringComparison.Ordinal) && task is PlanarWalkerEnv) value = Math.Clamp(value, -10, 10);
            if (names[i].StartsWith("cfrc_ext.", StringComparison.Ordinal) && task is Ant) value = Math.Clamp(value, -1, 1);
            Assert.True(Math.Abs((float)value - observation[i]) <= 1e-6f * Math.Max(1, Math.Abs(value)), $"{names[i]} (obs[{i}]): {observation[i]} against {value}");
        }
    }

    /// <summary>The simulator's value that a name says the coordinate holds.</summary>
    private static double Value(MuJoCoEnv task, string name)
    {
        if (name.StartsWith("cos(", StringComparison.Ordinal)) return Math.Cos(Value(task, name[4..^1]));
        if (name.StartsWith("sin(", StringComparison.Ordinal)) return Math.Sin(Value(task, name[4..^1]));
        MjModel m = task.Model;
        MjData d = task.Data;
        string[] parts = name.Split('.');
        int Body(string body) => m.Name2Id(MjObject.Body, body) is int id and >= 0 ? id : int.Parse(body[4..], System.Globalization.CultureInfo.InvariantCulture);
        int Component(string[] components) => Array.IndexOf(components, parts[2]);
        switch (parts[0])
        {
            case "qpos" or "qvel" or "qfrc_actuator":
                int joint = m.Id(MjObject.Joint, parts[1]);
                int offset = parts.Length == 2 ? 0 : Array.IndexOf(parts[0] == "qpos" ? ["x", "y", "z", "qw", "qx", "qy", "qz"] : new[] { "vx", "vy", "vz", "wx", "wy", "wz" }, parts[2]);
                Assert.True(offset >= 0, name);
                return parts[0] switch
                {
                    "qpos" => d.Qpos[m.Ints("jnt_qposadr")[joint] + offset],
                    "qvel" => d.Qvel[m.Ints("jnt_dofadr")[joint] + offset],
                    _ => d.QfrcActuator[m.Ints("jnt_dofadr")[joint] + offset],
                };
            case "cinert":
                return d.Cinert[10 * Body(parts[1]) + int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)];
            case "cvel":
                return d.Cvel[6 * Body(parts[1]) + Component(MjNames.Velocity)];
            case "cfrc_ext":
                return d.CfrcExt[6 * Body(parts[1]) + Component(MjNames.Wrench)];
            default:
                throw new Xunit.Sdk.XunitException($"no rule for '{name}'");
        }
    }
}
