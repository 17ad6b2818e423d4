namespace GPTailor;

/// <summary>The files of a search run directory.</summary>
internal sealed record RunDirectoryLayout(string Directory)
{
    public string Journal => Path.Combine(Directory, "journal.jsonl");

    public string State => Path.Combine(Directory, "state.json");

    public string Run => Path.Combine(Directory, "run.json");

    /// <summary>The lock file (held exclusively by the running search; holds its process id).</summary>
    public string Lock => Path.Combine(Directory, "run.lock");

    /// <summary>The lock holder's process id, readable while the lock is held.</summary>
    public string Pid => Path.Combine(Directory, "run.pid");

    public string BestPlan => Path.Combine(Directory, "best_plan.json");

    public string Pareto => Path.Combine(Directory, "pareto.json");

    public string TrialsCsv => Path.Combine(Directory, "trials.csv");

    /// <summary>The anytime curve (best score per task against trials) as SVG, next to <see cref="TrialsCsv"/>.</summary>
    public string AnytimeSvg => Path.Combine(Directory, AnytimeCurve.FileName);

    public string Finalists => Path.Combine(Directory, FinalistSelection.FileName);
}
