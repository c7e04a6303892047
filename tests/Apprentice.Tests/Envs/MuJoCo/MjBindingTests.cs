using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Envs.MuJoCo;

public class MjBindingTests
{
    // A box whose mjData stack (100 mjtNum) suffices for the compiler's forward pass in free fall but not
    // for the contact solver once the box touches the floor: mj_stackAlloc raises mju_error("Stack overflow").
    private const string TinyStackXml = """
        <mujoco>
          <size nstack="100"/>
          <worldbody>
            <geom type="plane" size="1 1 1"/>
            <body pos="0 0 1">
              <freejoint/>
              <geom type="box" size="0.1 0.1 0.1" condim="6"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    [Fact]
    public void Version_Installed_Is222()
    {
        MuJoCoRequirement.Ensure();
        Assert.Equal(222, MjNative.apm_init());
        Assert.Equal(222, MjNative.apm_header_version());
    }

    [Fact]
    public void FromXml_Hopper_HasSpecSizesAndOptions()
    {
        MuJoCoRequirement.Ensure();
        using MjModel m = MjModel.FromXml(MuJoCoModels.Xml("hopper"));
        Assert.Equal((6, 6, 3, 5, 6), (m.Nq, m.Nv, m.Nu, m.NBody, m.NJnt));
        Assert.Equal(0.002, m.Timestep);
        Assert.Equal(1, m.Options().Ints[0]); // RK4
        Assert.Equal([-1.0, 1.0, -1.0, 1.0, -1.0, 1.0], m.Doubles("actuator_ctrlrange").ToArray());
        Assert.Equal(200.0, m.Doubles("actuator_gear")[0]);
        Assert.Equal((3, 6), m.Shape("actuator_gear"));
        Assert.Equal(1, m.Id(MjObject.Body, "torso"));
        Assert.Equal(-1, m.Name2Id(MjObject.Body, "no_such_body"));
        Assert.Equal(["world", "torso", "thigh", "leg", "foot"], Enumerable.Range(0, m.NBody).Select(b => m.Name(MjObject.Body, b)));
        Assert.Equal("thigh_joint", m.Name(MjObject.Joint, m.Id(MjObject.Joint, "thigh_joint")));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Name(MjObject.Joint, m.NJnt));
        Assert.Equal("", m.Name(MjObject.Actuator, 0)); // Gymnasium's Hopper names none of its motors
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Name(MjObject.Actuator, m.Nu));
        Assert.Throws<ArgumentException>(() => m.Name(MjObject.Geom, 0));
        Assert.Throws<ArgumentException>(() => m.Doubles("no_such_array"));
        Assert.Throws<ArgumentException>(() => m.Doubles("jnt_type"));
    }

    [Fact]
    public void FromXml_BadXml_ThrowsMuJoCoExceptionWithMuJoCosMessage()
    {
        MuJoCoRequirement.Ensure();
        var ex = Assert.Throws<MuJoCoException>(() => MjModel.FromXml("<mujoco><worldbody><geom type=\"sphere\"/></worldbody>"));
        Assert.StartsWith("MuJoCo rejected the model: ", ex.Message);
        Assert.True(ex.Message.Length > "MuJoCo rejected the model: ".Length + 5, ex.Message);
        ex = Assert.Throws<MuJoCoException>(() => MjModel.FromXml("<mujoco><worldbody><body><joint type=\"bogus\"/></body></worldbody></mujoco>"));
        Assert.Contains("bogus", ex.Message);
    }

    [Fact]
    public void Forward_EngineError_BecomesMuJoCoExceptionAndFaultsUntilReset()
    {
        MuJoCoRequirement.Ensure();
        using MjModel m = MjModel.FromXml(TinyStackXml);
        using var d = new MjData(m);
        d.Forward();
        d.Qpos[2] = 0.05;
        var ex = Assert.Throws<MuJoCoException>(d.Forward);
        Assert.Equal("MuJoCo error in mj_forward: Stack overflow", ex.Message);
        Assert.True(d.Faulted);
        Assert.Throws<InvalidOperationException>(d.Step);
        d.Reset();
        Assert.False(d.Faulted);
        d.Qpos[2] = 0.05;
        Assert.Throws<MuJoCoException>(() => d.Simulate([], 2)); // and again: the process survives every time
        d.Reset();
        d.Step();
        Assert.Equal(0.002, d.Time, 12);
    }

    [Fact]
    public void Forward_EngineErrorsOnTwoThreads_EachThreadGetsItsOwnException()
    {
        MuJoCoRequirement.Ensure();
        using MjModel m = MjModel.FromXml(TinyStackXml);
        int caught = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            using var d = new MjData(m);
            for (int i = 0; i < 50; i++)
            {
                d.Reset();
                d.Step(); // free fall: fine
                d.Qpos[2] = 0.05;
                var ex = Assert.Throws<MuJoCoException>(d.Forward);
                Assert.Equal("MuJoCo error in mj_forward: Stack overflow", ex.Message);
                Interlocked.Increment(ref caught);
            }
        });
        Assert.Equal(200, caught);
    }

    [Fact]
    public void Step_NaNVelocity_MuJoCoResetsAndCountsAWarning()
    {
        MuJoCoRequirement.Ensure();
        using var hopper = new Hopper();
        hopper.Reset(new float[11], seed: 0);
        Assert.Equal(0, hopper.Data.Warnings);
        double[] state = hopper.State;
        state[8] = double.NaN;
        hopper.State = state;
        hopper.Data.Step();
        Assert.True(hopper.Data.Warnings > 0);
        Assert.Contains("Nan", MjData.LastWarning, StringComparison.OrdinalIgnoreCase);
        // MuJoCo replaced the state by qpos0 (z = 1.25) and stepped once from rest.
        Assert.Equal(1.25, hopper.Data.Qpos[1], 3);
        Assert.All(hopper.State, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterUseThrows()
    {
        MuJoCoRequirement.Ensure();
        MjModel m = MjModel.FromXml(MuJoCoModels.Xml("hopper"));
        var d = new MjData(m);
        m.Dispose(); // the data still uses it: freed with the data
        Assert.Equal(6, d.Qpos.Length);
        d.Forward();
        d.Dispose();
        d.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => d.Qpos.Length);
        Assert.Throws<ObjectDisposedException>(d.Forward);
        Assert.Throws<ObjectDisposedException>(() => m.Int("nq"));
        Assert.Throws<ObjectDisposedException>(() => new MjData(m));

        var hopper = new Hopper();
        hopper.Dispose();
        hopper.Dispose();
    }

    [Fact]
    public void Dispose_ManyModelsAndData_FreesNativeMemory()
    {
        MuJoCoRequirement.Ensure();
        string xml = MuJoCoModels.Xml("humanoid");
        long before = ResidentBytes();
        for (int i = 0; i < 200; i++)
        {
            using MjModel m = MjModel.FromXml(xml);
            using var d = new MjData(m);
        }
        // Each humanoid mjData alone reserves megabytes (its stack); 200 leaked pairs would be hundreds of MB.
        Assert.True(ResidentBytes() - before < 100L << 20, $"resident memory grew by {(ResidentBytes() - before) >> 20} MB");
    }

    [Fact]
    public void MissingMessage_NamesThePackagesOnOneLine()
    {
        string none = MjNative.MissingMessage(libraryInstalled: false);
        Assert.Contains("sudo apt-get install libmujoco2.2.2 libmujoco-dev gcc", none);
        string shim = MjNative.MissingMessage(libraryInstalled: true);
        Assert.Contains("gcc libmujoco-dev", shim);
        Assert.Contains("rebuild", shim);
        Assert.Contains("reports version 3.1.0", MjNative.VersionMessage(310));
        Assert.All(new[] { none, shim, MjNative.VersionMessage(310) }, m => Assert.DoesNotContain('\n', m));
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return 0;
    }
}
