
namespace GPTailor;

/// <summary>One finalist of a search: a top plan at the search's highest budget, scored again on more documents.</summary>
/// <param name="Trial">The trial that found it.</param>
/// <param name="Plan">The plan.</param>
/// <param name="SearchScores">Its scores in the search.</param>
/// <param name="SearchBudget">The budget of those scores.</param>
/// <param name="FinalScores">Its scores at the finalist budget.</param>
/// <param name="FinalBudget">Documents per task of the finalist evaluation (<see cref="int.MaxValue"/> = all).</param>
public sealed record FinalistRecord(long Trial, TailoringPlan Plan, TaskScores SearchScores, int SearchBudget, TaskScores FinalScores, int FinalBudget);
