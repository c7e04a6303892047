using Apprentice.Envs;
using Apprentice.Nn;
using Apprentice.Policies;

namespace Apprentice.Tests.Policies;

/// <summary>Policies that look trained: every parameter drawn from U(−1, 1) and observation statistics away from 0 and 1.</summary>
internal static class RandomPolicies
{
    public static MlpPolicy Create(Space space, int observationSize, int[] hidden, Activation activation = Activation.Tanh)
    {
        var policy = new MlpPolicy(observationSize, space, hidden, new Rng(1), activation);
        var rng = new Rng(2);
        Span<float> p = policy.Parameters.Values.Span;
        for (int i = 0; i < p.Length; i++) p[i] = (float)rng.Uniform(-1, 1);
        var data = new float[observationSize * 20];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextGaussian() * 3 + 1;
        policy.Normalizer.Update(data);
        return policy;
    }
}
