using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Envs.MuJoCo;

/// <summary>
/// MuJoCo tests skip, with the install message as reason, where the library or the shim is missing; with
/// APPRENTICE_REQUIRE_MUJOCO=1 (CI) they fail instead.
/// </summary>
internal static class MuJoCoRequirement
{
    public static void Ensure()
    {
        if (MjNative.UnavailableReason is not string reason) return;
        if (Environment.GetEnvironmentVariable("APPRENTICE_REQUIRE_MUJOCO") == "1")
            Assert.Fail($"APPRENTICE_REQUIRE_MUJOCO=1 but MuJoCo is unavailable: {reason}");
        Assert.Skip(reason);
    }
}
