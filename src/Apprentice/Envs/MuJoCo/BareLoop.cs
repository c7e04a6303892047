namespace Apprentice.Envs.MuJoCo;

/// <summary>
/// The physics of a MuJoCo task and nothing else, as the yardstick for the env's and the learner's overhead:
/// per env step, ctrl = a, frame_skip × <c>mj_step</c> and one <c>mj_rnePostConstraint</c>, each a separate
/// native call, on its own <see cref="MjData"/> of the task's model. Episodes start from given states
/// (concat(qpos, qvel), e.g. an env's reset states), so a replay does the same physics as the run it mirrors.
/// </summary>
public sealed class BareLoop : IDisposable
{
    private readonly MjModel _model;
    private readonly MjData _data;
    private readonly int _frameSkip;

    public BareLoop(MjModel model, int frameSkip)
    {
        Guard.Positive(frameSkip, nameof(frameSkip));
        _model = model;
        _frameSkip = frameSkip;
        _data = new MjData(model);
    }

    /// <summary>The loop for <paramref name="env"/>'s model and frame skip.</summary>
    public BareLoop(MuJoCoEnv env) : this(env.Model, env.FrameSkip)
    {
    }

    /// <summary>
    /// Steps once per action ([steps × nu]); episode e starts at step <c>episodes[e].Start</c> from its state
    /// (starts in increasing order).
    /// </summary>
    public void Run(ReadOnlySpan<float> actions, IReadOnlyList<(int Start, double[] State)> episodes)
    {
        int nu = _model.Nu, nq = _model.Nq, steps = actions.Length / nu, next = 0;
        for (int t = 0; t < steps; t++)
        {
            if (next < episodes.Count && episodes[next].Start == t)
            {
                double[] state = episodes[next++].State;
                _data.Reset();
                _data.SetState(state.AsSpan(0, nq), state.AsSpan(nq));
            }
            Span<double> ctrl = _data.Ctrl;
            for (int i = 0; i < nu; i++) ctrl[i] = actions[t * nu + i];
            for (int k = 0; k < _frameSkip; k++) _data.Step();
            _data.RnePostConstraint();
        }
    }

    public void Dispose() => _data.Dispose();
}
