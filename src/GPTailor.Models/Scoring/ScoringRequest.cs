namespace GPTailor.Models;

/// <summary>One sequence to run and the positions whose token log-probabilities are wanted.</summary>
/// <param name="Tokens">The (already truncated) tokens.</param>
/// <param name="FirstTarget">First position i (≥ 1) whose ln p(t_i | t_&lt;i) is returned.</param>
internal readonly record struct ScoringRequest(int[] Tokens, int FirstTarget)
{
    public int TargetCount => Tokens.Length - FirstTarget;
}
