using Apprentice.Envs;
using Apprentice.Imitation;

namespace Apprentice.Tests.Imitation;

public class DiscriminatorTests
{
    private const double EntropyWeight = 0.001;

    private static readonly ExpertPairs Pool = new([0.5f, -1f, 1.5f, 0.2f, -0.7f, 0.9f, 2f, 0f], [0f, 2f, 1f, 2f], 2, 1);

    private static Discriminator Create(Space actions) =>
        new(2, actions, [6, 5], new Rng(3), RewardSign.Positive, learningRate: 0.01, entropyWeight: EntropyWeight);

    public static TheoryData<string> ActionKinds => ["discrete", "continuous"];

    private static Space Actions(string kind) => kind == "discrete" ? new Discrete(3) : new Box(-3f, 3f, 1);

    /// <summary>The loss Update minimises, on materialised pairs: policy weight 1/B, each expert draw weight 1/E.</summary>
    private static double Loss(Discriminator d, float[] obs, float[] acts, int policyCount)
    {
        int total = acts.Length;
        var s = new float[total];
        d.Scores(obs, acts, s);
        double loss = 0;
        for (int i = 0; i < total; i++)
        {
            bool expert = i >= policyCount;
            double w = expert ? 1.0 / (total - policyCount) : 1.0 / policyCount;
            double p = 1 / (1 + Math.Exp(-s[i]));
            double ce = -(expert ? Math.Log(p) : Math.Log(1 - p));
            double h = -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);
            loss += w * (ce - EntropyWeight * h);
        }
        return loss;
    }

    [Theory]
    [MemberData(nameof(ActionKinds))]
    public void Update_GradientMatchesFiniteDifferencesOfTheLossOnRepeatedDraws(string kind)
    {
        float[] policyObs = [0.1f, 0.3f, -1.2f, 0.8f, 0.6f, -0.4f];
        float[] policyActs = [1f, 0f, 2f];
        int[] draws = [2, 0, 3, 1]; // pair 1 never drawn, pair 2 three times
        Discriminator d = Create(Actions(kind));
        // Move off the zero-output initialisation so every term of the gradient is exercised.
        var rng = new Rng(8);
        Span<float> theta = d.Parameters.Values.Span;
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.3f * (float)rng.NextGaussian();
        float[] before = theta.ToArray();

        var refitted = new float[3];
        d.Update(policyObs, policyActs, 3, Pool, draws, refitted);
        float[] analytic = d.Parameters.Gradient.ToArray();

        var obs = new List<float>(policyObs);
        var acts = new List<float>(policyActs);
        for (int j = 0; j < Pool.Count; j++)
        for (int c = 0; c < draws[j]; c++)
        {
            obs.AddRange(Pool.Observations.AsSpan(2 * j, 2).ToArray());
            acts.Add(Pool.Actions[j]);
        }
        Discriminator reference = Create(Actions(kind));
        reference.InputNormalizer.LoadJson(d.InputNormalizer.ToJson()); // statistics as Update left them: both sets folded in
        before.CopyTo(reference.Parameters.Values.Span);
        double[] numeric = FiniteDifference.Gradient(reference.Parameters.Values.Span, () => Loss(reference, [.. obs], [.. acts], 3));
        FiniteDifference.AssertClose(analytic, numeric);
    }

    [Theory]
    [MemberData(nameof(ActionKinds))]
    public void Update_WritesThePolicyRewardsOfTheRefittedDiscriminator(string kind)
    {
        float[] policyObs = [0.1f, 0.3f, -1.2f, 0.8f];
        float[] policyActs = [1f, 2f];
        Discriminator d = Create(Actions(kind));
        for (int step = 0; step < 3; step++)
        {
            var refitted = new float[2];
            d.Update(policyObs, policyActs, 2, Pool, [1, 1, 0, 2], refitted);
            var now = new float[2];
            d.Rewards(policyObs, policyActs, now);
            Assert.Equal(now, refitted);
        }
    }

    [Fact]
    public void LastProbabilities_AreTheRefittedProbabilities_OfEachPolicyPairAndEachExpertDraw()
    {
        float[] policyObs = [0.1f, 0.3f, -1.2f, 0.8f, 0.6f, -0.4f];
        float[] policyActs = [1f, 0f, 2f];
        Discriminator d = Create(new Discrete(3));
        Assert.True(d.LastProbabilities() is { OnPolicy: [], OnExpert: [] });
        for (int step = 0; step < 5; step++) d.Update(policyObs, policyActs, 3, Pool, [2, 0, 3, 1], new float[3]);

        var (onPolicy, onExpert) = d.LastProbabilities();
        var scores = new float[3];
        d.Scores(policyObs, policyActs, scores);
        Assert.Equal(scores.Select(s => 1 / (1 + Math.Exp(-s))), onPolicy, (a, b) => Math.Abs(a - b) < 1e-12);
        var expertScores = new float[4];
        d.Scores(Pool.Observations, Pool.Actions, expertScores);
        double[] drawn = [.. new[] { 0, 0, 2, 2, 2, 3 }.Select(j => 1 / (1 + Math.Exp(-expertScores[j])))]; // pair 0 twice, 2 three times, 3 once
        Assert.Equal(drawn, onExpert, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.True(onExpert.Average() > onPolicy.Average()); // five steps in, D leans the right way
    }

    [Fact]
    public void Update_LearnsToSeparateTheTwoSets()
    {
        Discriminator d = Create(new Box(-3f, 3f, 1));
        float[] policyObs = [-2f, -2f, -1.5f, -2.5f];
        float[] policyActs = [-1f, -1.2f];
        RewardUpdate last = default;
        for (int step = 0; step < 200; step++) last = d.Update(policyObs, policyActs, 2, Pool, [1, 1, 1, 1], new float[2]);
        Assert.Equal(1.0, last.ExpertAccuracy);
        Assert.Equal(1.0, last.PolicyAccuracy);
        Assert.True(last.Loss < 0.1, $"loss {last.Loss}");
    }

    [Fact]
    public void ExpertDraw_CountsAddUpAndFollowTheStream()
    {
        var draws = new int[Pool.Count];
        Pool.Draw(1000, new Rng(5), draws);
        Assert.Equal(1000, draws.Sum());
        Assert.All(draws, c => Assert.InRange(c, 200, 300));
        var again = new int[Pool.Count];
        Pool.Draw(1000, new Rng(5), again);
        Assert.Equal(draws, again);
    }
}
