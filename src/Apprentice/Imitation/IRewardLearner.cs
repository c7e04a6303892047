namespace Apprentice.Imitation;

/// <summary>
/// The cost side of the imitation game (Ho &amp; Ermon 2016, Eq. 13–16): a reward over state-action pairs, refitted
/// each iteration to tell the policy's pairs from the expert's. GAIL's discriminator, and the linear costs of
/// feature expectation matching and game-theoretic apprenticeship learning, are the choices of regulariser ψ
/// the paper compares. Pairs are observations [count × n] and actions [count × a], actions as executed.
/// </summary>
public interface IRewardLearner
{
    /// <summary>The policy's reward for each pair under the current cost.</summary>
    void Rewards(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, Span<float> rewards);

    /// <summary>
    /// Refits the cost against the policy's pairs and a draw of expert pairs, given as how often each of
    /// <paramref name="expert"/>'s pairs was drawn (a draw with replacement as large as the policy's batch, as the
    /// authors', costs no more than the distinct pairs in it). Writes the policy pairs' rewards under the refitted
    /// cost into <paramref name="policyRewards"/>.
    /// </summary>
    RewardUpdate Update(ReadOnlySpan<float> policyObservations, ReadOnlySpan<float> policyActions, int policyCount,
        ExpertPairs expert, ReadOnlySpan<int> expertDraws, Span<float> policyRewards);

    /// <summary>Writes everything needed to continue exactly (parameters, statistics, optimiser state).</summary>
    void Save(string path, string envId);

    /// <summary>Restores what <see cref="Save"/> wrote into this identically configured learner.</summary>
    void Load(string path);
}
