namespace GPTailor.Search;

/// <summary>How a successive-halving stage chooses the configurations it promotes.</summary>
public enum PromotionRule
{
    /// <summary>Pareto when the stage's outcomes carry at least two costs, scalar otherwise.</summary>
    Auto,

    /// <summary>Lowest <see cref="GPTailor.TrialOutcome.Value"/> first.</summary>
    Scalar,

    /// <summary>Non-dominated sorting on the costs, ties within a front cut by larger crowding distance (NSGA-II), then by value.</summary>
    Pareto,
}
