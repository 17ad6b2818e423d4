
namespace GPTailor;

/// <summary>What <see cref="TailoringRunner.SearchAsync"/> should search. Exactly one of the removal targets is set.</summary>
public sealed class SearchRequest
{
    /// <summary>Path of <c>family.json</c>.</summary>
    public required string FamilyPath { get; init; }

    /// <summary>Path of <c>tasks.json</c> (calibration tasks).</summary>
    public required string TasksPath { get; init; }

    /// <summary>Run directory for the journal, state and outputs.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Layers to remove.</summary>
    public int? Remove { get; init; }

    /// <summary>Layers to keep.</summary>
    public int? Keep { get; init; }

    /// <summary>Layer sparsity in [0, 1): k = ⌈N·s⌉.</summary>
    public double? Sparsity { get; init; }

    /// <summary>Optimizer name (see <see cref="IOptimizerCatalog"/>); null uses <see cref="GPTailorOptions.Optimizer"/>.</summary>
    public string? Optimizer { get; init; }

    /// <summary>Maximum trials.</summary>
    public int Trials { get; init; } = 100;

    /// <summary>Smallest budget (documents per task) for multi-fidelity schedules; equal to <see cref="MaxBudget"/> for single fidelity.</summary>
    public int MinBudget { get; init; } = int.MaxValue;

    /// <summary>Largest budget (documents per task).</summary>
    public int MaxBudget { get; init; } = int.MaxValue;

    /// <summary>Seed of the optimizer, the scheduler and ParEGO.</summary>
    public int Seed { get; init; }

    /// <summary>Continue an interrupted run in <see cref="RunDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Concurrent evaluations.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Search removal only (no candidates): the "LR-only" ablation.</summary>
    public bool RemovalOnly { get; init; }

    /// <summary>Anchor rule of merged layers.</summary>
    public AnchorMode AnchorMode { get; init; } = AnchorMode.SourceLayer;

    /// <summary>Default of <see cref="InitialDesignSize"/>.</summary>
    public const int DefaultInitialDesignSize = 24;

    /// <summary>Most points of the initial design evaluated first (0 disables it); <see cref="DefaultInitialDesignSize"/> by default.</summary>
    public int? InitialDesignSize { get; init; }

    /// <summary>
    /// Finalists scored again after the search (0 = none, the default): the top N distinct plans at the highest budget
    /// are evaluated at <see cref="FinalistBudget"/> and the best of those scores is the answer (see
    /// <see cref="FinalistSelection"/>). Worth it when the calibration tasks hold more documents than
    /// <see cref="MaxBudget"/>.
    /// </summary>
    public int Finalists { get; init; }

    /// <summary>Documents per task for the finalists; null = all documents.</summary>
    public int? FinalistBudget { get; init; }

    /// <summary>Scalarise with ParEGO (default) rather than the weighted sum of the task weights.</summary>
    public bool UseParEgo { get; init; } = true;
}
