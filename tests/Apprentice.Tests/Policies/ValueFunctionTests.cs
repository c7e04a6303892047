using Apprentice.Policies;

namespace Apprentice.Tests.Policies;

public class ValueFunctionTests
{
    [Fact]
    public void Fit_RepeatedOnSmoothTargets_ReducesLoss()
    {
        var rng = new Rng(1);
        const int n = 500;
        var obs = new float[n * 2];
        var times = new float[n];
        var targets = new float[n];
        for (int i = 0; i < n; i++)
        {
            obs[2 * i] = (float)rng.Uniform(-2, 2);
            obs[2 * i + 1] = (float)rng.Uniform(-2, 2);
            times[i] = i % 50;
            targets[i] = 10f + 5f * MathF.Sin(obs[2 * i]) + 0.1f * times[i];
        }
        var vf = new ValueFunction(2, [32, 32], 1.0 / 50, new Rng(2));
        double first = vf.Fit(obs, times, targets, new Rng(3)).LossBefore;
        double last = first;
        for (int k = 0; k < 30; k++) last = vf.Fit(obs, times, targets, new Rng((ulong)k)).LossAfter;
        Assert.True(last < 0.2 * first, $"loss {first} → {last}");

        var predicted = new float[n];
        vf.Predict(obs, times, predicted);
        double mse = 0;
        for (int i = 0; i < n; i++) mse += (predicted[i] - targets[i]) * (predicted[i] - targets[i]);
        Assert.True(mse / n < 3.0, $"prediction mse {mse / n}"); // targets have variance ≈ 12.5
    }

    [Fact]
    public void SaveThenLoad_SamePredictions()
    {
        var vf = new ValueFunction(2, [8], 0.01, new Rng(1));
        float[] obs = [0.5f, 1f, -1f, 2f];
        float[] times = [0f, 3f];
        vf.Fit(obs, times, [1f, 5f], new Rng(2));
        string path = Path.Combine(Path.GetTempPath(), $"vf-{Guid.NewGuid():N}.safetensors");
        try
        {
            vf.Save(path);
            var other = new ValueFunction(2, [8], 0.01, new Rng(9));
            other.Load(path);
            var a = new float[2];
            var b = new float[2];
            vf.Predict(obs, times, a);
            other.Predict(obs, times, b);
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
