namespace GPTailor.Search;

/// <summary>The running bracket of a <see cref="HyperbandScheduler"/>.</summary>
internal sealed class BracketState
{
    public int PlanIndex { get; set; }

    /// <summary>Configurations per stage (the plan's, or scaled down when the optimizer could not supply enough).</summary>
    public int[] Counts { get; set; } = [];

    public int[] Budgets { get; set; } = [];

    public int[] Levels { get; set; } = [];

    public int Stage { get; set; }

    public List<BracketConfig> Configs { get; set; } = [];

    /// <summary>Indices into <see cref="Configs"/> of the current stage's members.</summary>
    public List<int> Members { get; set; } = [];

    /// <summary>The current stage's trials.</summary>
    public List<RequestState> Requests { get; set; } = [];
}
