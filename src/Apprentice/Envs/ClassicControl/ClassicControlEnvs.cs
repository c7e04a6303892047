namespace Apprentice.Envs.ClassicControl;

/// <summary>Gymnasium's classic-control registrations (<c>gymnasium/envs/__init__.py</c>), in its order.</summary>
internal static class ClassicControlEnvs
{
    public static void Register()
    {
        Gym.Register(new EnvSpec("CartPole-v0", 200, 195.0, "balance a pole on a cart; 2 actions, 4-d obs"), () => new CartPole());
        Gym.Register(new EnvSpec("CartPole-v1", 500, 475.0, "balance a pole on a cart; 2 actions, 4-d obs"), () => new CartPole());
        Gym.Register(new EnvSpec("MountainCar-v0", 200, -110.0, "drive an underpowered car up a hill; 3 actions, 2-d obs"), () => new MountainCar());
        Gym.Register(
            new EnvSpec("MountainCarContinuous-v0", 999, 90.0, "mountain car with a continuous force; 1-d action, 2-d obs"),
            () => new MountainCarContinuous());
        Gym.Register(new EnvSpec("Pendulum-v1", 200, null, "swing up and hold a pendulum; 1-d torque, 3-d obs"), () => new Pendulum());
        Gym.Register(new EnvSpec("Acrobot-v1", 500, -100.0, "swing a two-link arm above a line; 3 actions, 6-d obs"), () => new Acrobot());
    }
}
