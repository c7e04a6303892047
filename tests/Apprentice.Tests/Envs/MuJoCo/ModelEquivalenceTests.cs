using Apprentice.Envs.MuJoCo;

namespace Apprentice.Tests.Envs.MuJoCo;

/// <summary>
/// Our model files against Gymnasium's (../shared/reference/mujoco-models, next to the repository): the
/// compiled models must agree field by field, and 200 env steps under one action sequence must give the
/// same trajectory. Skipped where the reference folder is absent.
/// </summary>
public class ModelEquivalenceTests(ITestOutputHelper output)
{
    private const double FieldTolerance = 1e-12;
    private const double TrajectoryTolerance = 1e-9;

    private static readonly string[] Counts =
        ["nq", "nv", "nu", "na", "nbody", "njnt", "ngeom", "nsite", "ntendon", "nwrap", "neq", "npair", "nexclude", "nmocap", "nkey", "nuser_geom", "nstack"];

    private static readonly string[] DoubleArrays =
    [
        "qpos0", "qpos_spring",
        "body_pos", "body_quat", "body_ipos", "body_iquat", "body_mass", "body_subtreemass", "body_inertia",
        "jnt_pos", "jnt_axis", "jnt_range", "jnt_stiffness", "jnt_margin", "jnt_solref", "jnt_solimp",
        "dof_armature", "dof_damping", "dof_frictionloss", "dof_solref", "dof_solimp",
        "geom_size", "geom_pos", "geom_quat", "geom_friction", "geom_solref", "geom_solimp", "geom_solmix",
        "geom_margin", "geom_gap", "geom_rbound",
        "tendon_range", "tendon_stiffness", "tendon_damping", "tendon_lengthspring", "wrap_prm",
        "actuator_gear", "actuator_ctrlrange", "actuator_forcerange", "actuator_gainprm", "actuator_biasprm", "actuator_dynprm",
    ];

    private static readonly string[] IntArrays =
    [
        "body_parentid", "body_jntnum", "body_geomnum", "jnt_type", "jnt_bodyid", "dof_bodyid",
        "geom_type", "geom_bodyid", "geom_contype", "geom_conaffinity", "geom_condim", "geom_priority",
        "tendon_num", "wrap_type", "wrap_objid", "actuator_trntype", "actuator_trnid", "actuator_dyntype",
        "actuator_gaintype", "actuator_biastype",
    ];

    private static readonly string[] ByteArrays = ["jnt_limited", "tendon_limited", "actuator_ctrllimited", "actuator_forcelimited"];

    public static TheoryData<string, int> Models => new()
    {
        { "reacher", 2 }, { "half_cheetah", 5 }, { "hopper", 4 }, { "walker2d", 4 }, { "walker2d_v5", 4 }, { "ant", 5 }, { "humanoid", 5 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Compile_OursAndGymnasiums_SamePhysicalFields(string name, int frameSkip)
    {
        _ = frameSkip;
        string reference = ReferenceXml(name);
        using MjModel ours = MjModel.FromXml(MuJoCoModels.Xml(name));
        using MjModel theirs = MjModel.FromXml(reference);
        var mismatches = new List<string>();
        foreach (string count in Counts)
        {
            if (ours.Int(count) != theirs.Int(count)) mismatches.Add($"{count}: {ours.Int(count)} vs {theirs.Int(count)}");
        }
        Assert.True(mismatches.Count == 0, $"{name}: {string.Join("; ", mismatches)}");

        (double[] od, int[] oi) = ours.Options();
        (double[] td, int[] ti) = theirs.Options();
        Compare("opt (floats)", od, td, mismatches);
        if (!oi.AsSpan().SequenceEqual(ti)) mismatches.Add($"opt (ints): [{string.Join(", ", oi)}] vs [{string.Join(", ", ti)}]");
        foreach (string field in DoubleArrays) Compare(field, ours.Doubles(field), theirs.Doubles(field), mismatches);
        foreach (string field in IntArrays)
        {
            if (!ours.Ints(field).SequenceEqual(theirs.Ints(field))) mismatches.Add($"{field} differs");
        }
        foreach (string field in ByteArrays)
        {
            if (!ours.Bytes(field).SequenceEqual(theirs.Bytes(field))) mismatches.Add($"{field} differs");
        }
        Assert.True(mismatches.Count == 0, $"{name}: {string.Join("; ", mismatches)}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Simulate_OursAndGymnasiums_SameTrajectoryFor200EnvSteps(string name, int frameSkip)
    {
        string reference = ReferenceXml(name);
        using MjModel ours = MjModel.FromXml(MuJoCoModels.Xml(name));
        using MjModel theirs = MjModel.FromXml(reference);
        using var a = new MjData(ours);
        using var b = new MjData(theirs);
        var rng = new Rng(7);
        double[] qpos = a.Qpos.ToArray(), qvel = new double[ours.Nv];
        for (int i = 0; i < qpos.Length; i++) qpos[i] += rng.Uniform(-0.05, 0.05);
        for (int i = 0; i < qvel.Length; i++) qvel[i] = rng.Uniform(-0.05, 0.05);
        a.SetState(qpos, qvel);
        b.SetState(qpos, qvel);

        ReadOnlySpan<double> range = ours.Doubles("actuator_ctrlrange");
        var ctrl = new double[ours.Nu];
        double worst = 0;
        int contacts = 0;
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < ctrl.Length; i++) ctrl[i] = rng.Uniform(range[2 * i], range[2 * i + 1]);
            a.Simulate(ctrl, frameSkip);
            b.Simulate(ctrl, frameSkip);
            worst = Math.Max(worst, MaxAbsDifference(a.Qpos, b.Qpos));
            worst = Math.Max(worst, MaxAbsDifference(a.Qvel, b.Qvel));
            worst = Math.Max(worst, MaxAbsDifference(a.CfrcExt, b.CfrcExt) / 1e3); // forces are large; compare at 1e-6 relative
            contacts += (int)Math.Sign(MaxAbs(a.CfrcExt));
        }
        output.WriteLine($"{name}: max |difference| over 200 env steps {worst:E2} (qpos, qvel; cfrc_ext / 1000); steps with contact forces {contacts}");
        Assert.True(worst <= TrajectoryTolerance, $"{name}: trajectories differ by {worst:E2}");
        Assert.Equal(0, a.Warnings);
    }

    /// <summary>The reference model's text, or a skip when ../shared/reference/mujoco-models is not next to the repository.</summary>
    private static string ReferenceXml(string name)
    {
        MuJoCoRequirement.Ensure();
        string? root = Repository.Root();
        string folder = root is null ? "" : Path.GetFullPath(Path.Combine(root, "..", "shared", "reference", "mujoco-models"));
        string file = Path.Combine(folder, name + ".xml");
        if (root is null || !File.Exists(file))
            Assert.Skip($"reference model {name}.xml not found in ../shared/reference/mujoco-models next to the repository");
        return File.ReadAllText(file);
    }

    private static void Compare(string field, ReadOnlySpan<double> ours, ReadOnlySpan<double> theirs, List<string> mismatches)
    {
        if (ours.Length != theirs.Length)
        {
            mismatches.Add($"{field}: {ours.Length} vs {theirs.Length} entries");
            return;
        }
        for (int i = 0; i < ours.Length; i++)
        {
            if (Math.Abs(ours[i] - theirs[i]) > FieldTolerance * Math.Max(1, Math.Abs(theirs[i])))
            {
                mismatches.Add($"{field}[{i}]: {ours[i]:R} vs {theirs[i]:R}");
                return;
            }
        }
    }

    private static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return double.IsNaN(worst) ? double.PositiveInfinity : worst;
    }

    private static double MaxAbs(ReadOnlySpan<double> a)
    {
        double m = 0;
        foreach (double v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
