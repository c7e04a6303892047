using Apprentice.Envs;
using Apprentice.Imitation;

namespace Apprentice.Tests.Imitation;

public class LinearCostTests
{
    private static readonly ExpertPairs Discrete2 = new([1f, 2f, 3f, 4f, 5f, 0f], [0f, 1f, 1f], 2, 1);
    private static readonly ExpertPairs Continuous = new([1f, 2f, 3f, 4f, 5f, 0f], [0.5f, -0.5f, 0f], 2, 1);

    [Fact]
    public void Compute_DiscreteActions_FillsOnlyTheTakenActionsBlock()
    {
        var features = new LinearFeatures(new Discrete(2), Discrete2);
        Assert.Equal(2 * 2 * 2 + 1, features.Size);
        var phi = new float[features.Size];
        features.Compute([3f, 2f], [1f], 1, phi); // standardised with the expert's mean (3, 2)
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], phi);
        features.Compute([6f, 2f], [1f], 1, phi);
        Assert.Equal(0f, phi[0]);
        Assert.True(phi[4] > 0);
        Assert.Equal(0.0001f * phi[4] * phi[4], phi[6], 1e-9f);
        Assert.Equal(1f, phi[^1]);
    }

    [Fact]
    public void Mean_ExpertPairs_StandardisedPartIsZero()
    {
        var features = new LinearFeatures(new Box(-1f, 1f, 1), Continuous);
        Assert.Equal(2 * 3 + 1, features.Size);
        var mean = new double[features.Size];
        features.Mean(Continuous.Observations, Continuous.Actions, Continuous.Count, mean);
        for (int j = 0; j < 3; j++) Assert.Equal(0.0, mean[j], 1e-5);
        Assert.Equal(1.0, mean[^1]);
    }

    [Fact]
    public void Name_EachFeature_SaysItsInputSquareAndActionBlock()
    {
        var continuous = new LinearFeatures(new Box(-1f, 1f, 1), Continuous);
        Assert.Equal(["obs[0]", "obs[1]", "act[0]", "(0.01 obs[0])²", "(0.01 obs[1])²", "(0.01 act[0])²", "1"],
            Enumerable.Range(0, continuous.Size).Select(j => continuous.Name(j)));
        var discrete = new LinearFeatures(new Discrete(2), Discrete2);
        Assert.Equal("obs[1] with action 0", discrete.Name(1));
        Assert.Equal("(0.01 obs[0])² with action 1", discrete.Name(6));
        Assert.Equal("1", discrete.Name(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => discrete.Name(9));
        // The task's names stand for the indices; a list that does not fit the observation is not used.
        Assert.Equal("(0.01 speed)² with action 1", discrete.Name(7, ["place", "speed"]));
        Assert.Equal("(0.01 act[0])²", continuous.Name(5, ["place", "speed"]));
        Assert.Equal("obs[1] with action 0", discrete.Name(1, ["place"]));
        // The actions' names: a continuous coordinate's, or a discrete choice's beside its index.
        Assert.Equal("(0.01 push)²", continuous.Name(5, ["place", "speed"], ["push"]));
        Assert.Equal("place", continuous.Name(0, ["place", "speed"], ["push"]));
        Assert.Equal("(0.01 speed)² with action 1 (right)", discrete.Name(7, ["place", "speed"], ["left", "right"]));
        Assert.Equal("obs[1] with action 0 (left)", discrete.Name(1, null, ["left", "right"]));
        Assert.Equal("obs[1] with action 0", discrete.Name(1, null, ["left"]));
        Assert.Equal("act[0]", continuous.Name(2, null, ["push", "pull"]));
    }

    [Fact]
    public void Name_MovingOneObservation_ChangesOnlyTheFeaturesNamedAfterIt()
    {
        // Ties the names to Compute's layout: obs[1] moves, action 1 taken.
        var features = new LinearFeatures(new Discrete(2), Discrete2);
        float[] before = new float[features.Size], after = new float[features.Size];
        features.Compute([3f, 2f], [1f], 1, before);
        features.Compute([3f, 7f], [1f], 1, after);
        for (int j = 0; j < features.Size; j++)
            Assert.Equal(features.Name(j).Contains("obs[1]") && features.Name(j).EndsWith("action 1"), before[j] != after[j]);
    }

    [Fact]
    public void Update_Fem_PointsWeightsFromPolicyToExpert()
    {
        var fem = new Fem(new Box(-1f, 1f, 1), Continuous, RewardSign.Positive, new Rng(1));
        var refitted = new float[1];
        RewardUpdate u = fem.Update([10f, 10f], [1f], 1, Continuous, new int[Continuous.Count], refitted);
        var again = new float[1];
        fem.Rewards([10f, 10f], [1f], again);
        Assert.Equal(again[0], refitted[0]); // the policy's rewards under the refitted cost
        var policy = new double[fem.Dimension];
        fem.Features.Mean([10f, 10f], [1f], 1, policy);
        double norm = Math.Sqrt(fem.ExpertExpectation.Zip(policy, (e, p) => (e - p) * (e - p)).Sum());
        Assert.Equal(norm, u.Loss, 1e-9);
        for (int j = 0; j < fem.Dimension; j++) Assert.Equal((fem.ExpertExpectation[j] - policy[j]) / norm, fem.Weights[j], 1e-6);
        int heaviest = Enumerable.Range(0, fem.Dimension).MaxBy(j => Math.Abs(fem.Weights[j]));
        Assert.Equal(heaviest, fem.Strongest);
        Assert.Equal((fem.Weights[heaviest] < 0 ? "−" : "") + fem.Features.Name(heaviest, ["a", "b"], ["f"]), fem.WeightName(heaviest, ["a", "b"], ["f"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => fem.WeightName(fem.Dimension));
        Assert.True(double.IsNaN(u.ExpertAccuracy));
    }

    [Fact]
    public void Update_Gtal_PicksTheFeatureThePolicyTrailsMost()
    {
        var gtal = new Gtal(new Discrete(2), Discrete2, RewardSign.Positive, new Rng(1));
        Assert.Equal(2 * 9, gtal.Dimension);
        gtal.Update([9f, 2f], [0f], 1, Discrete2, new int[Discrete2.Count], new float[1]);
        var policy = new double[9];
        gtal.Features.Mean([9f, 2f], [0f], 1, policy);
        double[] doubled = [.. policy, .. policy.Select(p => -p)];
        int expected = Enumerable.Range(0, 18).MinBy(i => doubled[i] - gtal.ExpertExpectation[i]);
        Assert.Equal(expected, gtal.Index);
        Assert.Equal(1, gtal.Weights.Count(w => w != 0));
        Assert.Equal(expected, gtal.Strongest);
        Assert.Equal(expected < 9 ? gtal.Features.Name(expected) : "−" + gtal.Features.Name(expected - 9), gtal.WeightName(expected));
    }

    [Theory]
    [InlineData(RewardSign.Positive)]
    [InlineData(RewardSign.Negative)]
    public void Rewards_AnyPairs_ShiftedToTheSignsSide(RewardSign sign)
    {
        var fem = new Fem(new Box(-1f, 1f, 1), Continuous, sign, new Rng(3));
        var rewards = new float[3];
        fem.Rewards(Continuous.Observations, Continuous.Actions, rewards);
        Assert.All(rewards, r => Assert.True(sign == RewardSign.Positive ? r >= 0 : r <= 0, $"{r}"));
        Assert.Contains(0f, rewards); // the extreme pair sits exactly at the bound
    }

    [Fact]
    public void SaveThenLoad_SameRewards()
    {
        var gtal = new Gtal(new Discrete(2), Discrete2, RewardSign.Negative, new Rng(1));
        gtal.Update([9f, 2f], [0f], 1, Discrete2, new int[Discrete2.Count], new float[1]);
        var a = new float[3];
        gtal.Rewards(Discrete2.Observations, Discrete2.Actions, a);
        string path = Path.Combine(Path.GetTempPath(), $"gtal-{Guid.NewGuid():N}.safetensors");
        try
        {
            gtal.Save(path, "Test-v0");
            var other = new Gtal(new Discrete(2), Discrete2, RewardSign.Negative, new Rng(9));
            other.Load(path);
            var b = new float[3];
            other.Rewards(Discrete2.Observations, Discrete2.Actions, b);
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
