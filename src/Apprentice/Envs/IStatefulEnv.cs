namespace Apprentice.Envs;

/// <summary>
/// A raw env whose internal state can be read and seated, like Gymnasium's <c>env.unwrapped.state</c>:
/// for tests that replay recorded episodes and for tools that start episodes from chosen states.
/// </summary>
public interface IStatefulEnv : IEnv
{
    /// <summary>The float64 state (a copy); setting it seats the env there without touching its generator.</summary>
    double[] State { get; set; }

    /// <summary>Writes the observation of the current state, [ObservationSpace.FlatSize] (Gymnasium's <c>_get_obs</c>).</summary>
    void Observe(Span<float> observation);
}
