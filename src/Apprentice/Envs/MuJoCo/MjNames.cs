namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// Names for a model's state, per-body vectors and actuators, from which the tasks name their observations and
/// actions: <c>qpos.thigh_joint</c>, <c>qvel.root.wz</c> (a free joint's angular velocity), <c>cfrc_ext.torso.fz</c>,
/// <c>ctrl.abdomen_y</c>.
/// </summary>
internal static class MjNames
{
    private const int Free = 0, Ball = 1; // mjtJoint; slide and hinge joints have one coordinate

    /// <summary>cvel is [rotation; translation], cfrc_ext [torque; force], both com-based (MuJoCo's mjData).</summary>
    public static readonly string[] Velocity = ["rx", "ry", "rz", "vx", "vy", "vz"];

    public static readonly string[] Wrench = ["tx", "ty", "tz", "fx", "fy", "fz"];

    /// <summary>cinert's ten numbers per body, by position.</summary>
    public static readonly string[] Inertia = [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>One name per qpos coordinate: <c>qpos.JOINT</c>, with x, y, z, qw, qx, qy, qz of a free joint.</summary>
    public static string[] Qpos(MjModel model) =>
        PerJoint(model, "qpos", "jnt_qposadr", model.Nq, ["x", "y", "z", "qw", "qx", "qy", "qz"], ["qw", "qx", "qy", "qz"]);

    /// <summary>One name per degree of freedom: <c>PREFIX.JOINT</c>, with vx, vy, vz, wx, wy, wz of a free joint.</summary>
    public static string[] Dofs(MjModel model, string prefix) =>
        PerJoint(model, prefix, "jnt_dofadr", model.Nv, ["vx", "vy", "vz", "wx", "wy", "wz"], ["wx", "wy", "wz"]);

    /// <summary><c>FIELD.BODY.COMPONENT</c> for every body from <paramref name="firstBody"/> on.</summary>
    public static IEnumerable<string> PerBody(MjModel model, string field, string[] components, int firstBody = 0)
    {
        for (int b = firstBody; b < model.NBody; b++)
        {
            string body = model.Name(MjObject.Body, b) is { Length: > 0 } name ? name : $"body{b}";
            foreach (string c in components) yield return $"{field}.{body}.{c}";
        }
    }

    /// <summary>
    /// One name per actuator, the order of <c>ctrl</c> and of the action: <c>ctrl.ACTUATOR</c>, or, for an unnamed
    /// actuator, the joint it drives (Gymnasium's Hopper, Walker2d and Ant name none of theirs).
    /// </summary>
    public static string[] Actuators(MjModel model)
    {
        const int JointTransmission = 0, JointInParent = 1; // mjtTrn
        var names = new string[model.Nu];
        ReadOnlySpan<int> transmissions = model.Ints("actuator_trntype"), targets = model.Ints("actuator_trnid");
        for (int k = 0; k < names.Length; k++)
        {
            string name = model.Name(MjObject.Actuator, k);
            if (name.Length == 0 && transmissions[k] is JointTransmission or JointInParent) name = model.Name(MjObject.Joint, targets[2 * k]);
            names[k] = $"ctrl.{(name.Length > 0 ? name : $"actuator{k}")}";
        }
        return names;
    }

    private static string[] PerJoint(MjModel model, string prefix, string addressField, int size, string[] free, string[] ball)
    {
        var names = new string[size];
        ReadOnlySpan<int> types = model.Ints("jnt_type"), addresses = model.Ints(addressField);
        for (int j = 0; j < model.NJnt; j++)
        {
            string joint = $"{prefix}.{(model.Name(MjObject.Joint, j) is { Length: > 0 } name ? name : $"joint{j}")}";
            string[] parts = types[j] switch { Free => free, Ball => ball, _ => [""] };
            for (int i = 0; i < parts.Length; i++)
                names[addresses[j] + i] = parts[i].Length > 0 ? $"{joint}.{parts[i]}" : joint;
        }
        return names;
    }
}
