namespace Apprentice.Data;

/// <summary>State-action pairs drawn from demonstrations, row-aligned.</summary>
/// <param name="Observations">[Count × ObservationSize]: the observation each action was taken in.</param>
/// <param name="Actions">[Count × ActionSize].</param>
public sealed record StateActionPairs(float[] Observations, float[] Actions, int Count, int ObservationSize, int ActionSize);
