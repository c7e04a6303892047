using Apprentice.Envs;
using Apprentice.Envs.MuJoCo;
using Apprentice.Tests.Envs.MuJoCo;

namespace Apprentice.Tests.Envs;

/// <summary>The classic-control tasks' action names are checked beside their observation names (<see cref="ObservationNamesTests"/>).</summary>
public class ActionNamesTests
{
    [Fact]
    public void Of_ATaskThatMiscountsItsActions_GivesNone()
    {
        using IEnv right = new TimeLimit(new Named(["left", "right"]), 10);
        Assert.Equal(["left", "right"], IActionNames.Of(right)); // through a wrapper, to the task itself
        using IEnv wrong = new Named(["left", "right", "up"]);
        Assert.Null(IActionNames.Of(wrong));
        using IEnv unnamed = new TimeLimit(new Unnamed(new Named(["left", "right"])), 5);
        Assert.Null(IActionNames.Of(unnamed)); // a wrapper that does not pass Unwrapped on hides the names
    }

    [Theory]
    [InlineData("Hopper-v4", "ctrl.thigh_joint ctrl.leg_joint ctrl.foot_joint")] // unnamed actuators: by their joints
    [InlineData("HalfCheetah-v4", "ctrl.bthigh ctrl.bshin ctrl.bfoot ctrl.fthigh ctrl.fshin ctrl.ffoot")]
    [InlineData("Ant-v4-contact", "ctrl.hip_4 ctrl.ankle_4 ctrl.hip_1 ctrl.ankle_1 ctrl.hip_2 ctrl.ankle_2 ctrl.hip_3 ctrl.ankle_3")]
    [InlineData("Reacher-v4", "ctrl.joint0 ctrl.joint1")]
    public void MuJoCo_Names_AreTheActuatorsInGymnasiumsOrder(string id, string names)
    {
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        Assert.Equal(names.Split(' '), IActionNames.Of(env));
    }

    [Theory]
    [MemberData(nameof(MuJoCoTaskTests.Ids), MemberType = typeof(MuJoCoTaskTests))]
    public void MuJoCo_EachName_IsTheJointItsCoordinateMoves(string id)
    {
        // One action coordinate alone, from rest: the actuator force lands on the named joint's degree of freedom and
        // on no other (every built-in actuator drives one hinge or slide joint).
        MuJoCoRequirement.Ensure();
        using IEnv env = Gym.Make(id);
        var task = (MuJoCoEnv)env.Unwrapped;
        IReadOnlyList<string> names = Assert.IsAssignableFrom<IReadOnlyList<string>>(IActionNames.Of(env));
        Assert.Equal(names.Count, names.Distinct().Count());
        var observation = new float[env.ObservationSpace.FlatSize];
        var action = new float[env.ActionSpace.FlatSize];
        for (int k = 0; k < action.Length; k++)
        {
            env.Reset(observation, seed: k);
            Array.Clear(action);
            action[k] = 0.3f;
            env.Step(action, observation);
            Assert.StartsWith("ctrl.", names[k], StringComparison.Ordinal);
            int dof = task.Model.Ints("jnt_dofadr")[task.Model.Id(MjObject.Joint, names[k]["ctrl.".Length..])];
            ReadOnlySpan<double> forces = task.Data.QfrcActuator;
            for (int i = 0; i < forces.Length; i++)
                Assert.True(i == dof ? forces[i] != 0 : forces[i] == 0, $"{names[k]} (action[{k}]): qfrc_actuator[{i}] = {forces[i]}, dof {dof}");
        }
    }

    private sealed class Named(string[] names) : IEnv, IActionNames
    {
        public Box ObservationSpace { get; } = new Box(-1f, 1f, 1);
        public Space ActionSpace { get; } = new Discrete(2);
        public EnvSpec? Spec => null;
        public IReadOnlyList<string> ActionNames => names;
        public void Reset(Span<float> observation, int? seed = null) => observation.Clear();
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => default;
        public void Dispose() { }
    }

    private sealed class Unnamed(IEnv inner) : IEnv
    {
        public Box ObservationSpace => inner.ObservationSpace;
        public Space ActionSpace => inner.ActionSpace;
        public EnvSpec? Spec => null;
        public void Reset(Span<float> observation, int? seed = null) => inner.Reset(observation, seed);
        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => inner.Step(action, observation);
        public void Dispose() { }
    }
}
