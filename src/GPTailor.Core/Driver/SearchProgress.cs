
namespace GPTailor;

/// <summary>Progress of a search, reported after every finished trial.</summary>
/// <param name="Trial">Trials finished so far.</param>
/// <param name="MaxTrials">The trial limit.</param>
/// <param name="Budget">Budget (documents per task) of the trial just finished.</param>
/// <param name="BestScores">Scores of the best trial so far at the highest budget seen, if any.</param>
/// <param name="Elapsed">Wall time since the run (or resumed run) started.</param>
/// <param name="Remaining">Estimated remaining time, from the mean time per trial.</param>
public sealed record SearchProgress(int Trial, int MaxTrials, int Budget, TaskScores? BestScores, TimeSpan Elapsed, TimeSpan? Remaining);
