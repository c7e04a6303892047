namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Gymnasium's MuJoCo v4 and v5 registrations (<c>gymnasium/envs/__init__.py</c>): 1000 steps, except Reacher's 50.
/// <c>Ant-v4-contact</c> is ours: Ant-v4 with <c>use_contact_forces=True</c>, the 111-d obs of the GAIL paper's
/// Ant-v1. Registering loads nothing; <see cref="Gym.Make"/> reports a missing MuJoCo.
/// </summary>
internal static class MuJoCoEnvs
{
    public static void Register()
    {
        Gym.Register(new EnvSpec("Reacher-v4", 50, -3.75, "MuJoCo: move a 2-link arm's tip to a target; 2-d torque, 11-d obs"), () => new Reacher());
        Gym.Register(new EnvSpec("HalfCheetah-v4", 1000, 4800.0, "MuJoCo: run forward with a planar cheetah; 6-d torque, 17-d obs"), () => new HalfCheetah());
        Gym.Register(new EnvSpec("Hopper-v4", 1000, 3800.0, "MuJoCo: hop forward on one leg; 3-d torque, 11-d obs"), () => new Hopper());
        Gym.Register(new EnvSpec("Walker2d-v4", 1000, null, "MuJoCo: walk forward with a planar biped; 6-d torque, 17-d obs"), () => new Walker2d());
        Gym.Register(new EnvSpec("Ant-v4", 1000, 6000.0, "MuJoCo: walk forward with a quadruped; 8-d torque, 27-d obs"), () => new Ant());
        Gym.Register(
            new EnvSpec("Ant-v4-contact", 1000, 6000.0, "MuJoCo: Ant-v4 with use_contact_forces (contact cost, 111-d obs as GAIL's Ant-v1)"),
            () => new Ant(useContactForces: true));
        Gym.Register(new EnvSpec("Humanoid-v4", 1000, null, "MuJoCo: walk forward with a 3-d humanoid; 17-d torque, 376-d obs"), () => new Humanoid());

        const string v5 = "Gymnasium 1.0's v5";
        Gym.Register(new EnvSpec("Reacher-v5", 50, -3.75, $"MuJoCo: Reacher, {v5} (reward after the step; 10-d obs)"), () => new Reacher(TaskVersion.V5));
        Gym.Register(new EnvSpec("HalfCheetah-v5", 1000, 4800.0, $"MuJoCo: HalfCheetah, {v5} (the same task as v4)"), () => new HalfCheetah());
        Gym.Register(new EnvSpec("Hopper-v5", 1000, 3800.0, $"MuJoCo: Hopper, {v5} (healthy reward only while healthy)"), () => new Hopper(TaskVersion.V5));
        Gym.Register(
            new EnvSpec("Walker2d-v5", 1000, null, $"MuJoCo: Walker2d, {v5} (healthy reward only while healthy; both feet friction 1.9)"),
            () => new Walker2d(TaskVersion.V5));
        Gym.Register(
            new EnvSpec("Ant-v5", 1000, 6000.0, $"MuJoCo: Ant, {v5} (contact cost; 105-d obs with contact forces)"),
            () => new Ant(useContactForces: true, TaskVersion.V5));
        Gym.Register(
            new EnvSpec("Humanoid-v5", 1000, null, $"MuJoCo: Humanoid, {v5} (contact cost; 348-d obs without the world body)"),
            () => new Humanoid(TaskVersion.V5));
    }
}
