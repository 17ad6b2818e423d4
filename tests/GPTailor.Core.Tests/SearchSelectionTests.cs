using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public sealed class SearchSelectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-selection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WeightedSumIsOneFunctionForTheScalarizerAndTheSelection()
    {
        Assert.Equal((0.25 * 0.5) + (2 * -1.5), WeightedSumScalarizer.Sum([0.25, 2], [0.5, -1.5]));
        Assert.Throws<ArgumentException>(() => WeightedSumScalarizer.Sum([1.0], [1.0, 2.0]));
        var scores = new TaskScores([
            new TaskScore("a", "acc", 0.75, ObjectiveDirection.Maximize, 10),
            new TaskScore("b", "ppl", 3.0, ObjectiveDirection.Minimize, 10),
        ]);
        var costs = scores.Costs();
        Assert.Equal(new WeightedSumScalarizer([0.4, 0.6]).Scalarize(costs), TrialSelection.Cost(scores, [0.4, 0.6]));
        Assert.Equal(costs[0] + costs[1], TrialSelection.Cost(scores, null)); // no weights: each counts 1
        Assert.Equal((0.4 * costs[0]) + costs[1], TrialSelection.Cost(scores, [0.4])); // a missing weight counts 1
    }

    [Fact]
    public void ParetoDominanceNeedsNoWorseEverywhereAndBetterSomewhere()
    {
        Assert.True(ParetoDominance.Dominates([1.0, 2.0], [1.0, 3.0]));
        Assert.False(ParetoDominance.Dominates([1.0, 2.0], [1.0, 2.0]));
        Assert.False(ParetoDominance.Dominates([0.0, 4.0], [1.0, 3.0]));
        Assert.Throws<ArgumentException>(() => ParetoDominance.Dominates([1.0], [1.0, 2.0]));
    }

    [Fact]
    public void TheFrontKeepsOnePlanPerCarriedHashAndTheOutputsUseThatHash()
    {
        // Two trials of the same plan (the same carried hash) and a dominated one: the front holds the first only.
        var plan = TailoringPlan.BaseWithout(6, 0, [1]);
        var carried = new string('a', 64);
        var trials = new[]
        {
            Trial(0, plan, carried, 0.8, 0.6),
            Trial(1, plan, carried, 0.8, 0.6),
            Trial(2, TailoringPlan.BaseWithout(6, 0, [2]), new string('b', 64), 0.7, 0.5),
        };
        var front = TrialSelection.ParetoFront(trials, 10);
        Assert.Equal([0L], front.Select(t => t.Trial));

        var result = new SearchResult(plan, trials[0].Scores!, 10, front, trials, _dir);
        SearchOutputs.Write(result, new RunDirectoryLayout(_dir));
        var rows = File.ReadAllLines(Path.Combine(_dir, "trials.csv"));
        Assert.Equal("trial,budget,seconds,value,kept_layers,removed_layers,plan_hash,a,b", rows[0]);
        Assert.Equal(["aaaaaaaaaaaa", "aaaaaaaaaaaa", "bbbbbbbbbbbb"], rows.Skip(1).Select(r => r.Split(',')[6]));

        using (var journal = SearchJournal.Open(Path.Combine(_dir, "journal.jsonl")))
        {
            journal.AppendTrial(trials[0]);
        }

        var line = JsonNode.Parse(File.ReadAllLines(Path.Combine(_dir, "journal.jsonl"))[0])!;
        Assert.Equal(carried, line["plan_hash"]!.GetValue<string>());
        // Reading the journal computes the hash of the plan it holds.
        Assert.Equal(plan.ComputeHash(), SearchJournal.Read(Path.Combine(_dir, "journal.jsonl"))[0].PlanHash);
    }

    [Fact]
    public void EvaluatorCountersAreJournaledAndBecomeTrialsCsvColumns()
    {
        var plan = TailoringPlan.BaseWithout(6, 0, [1]);
        var counted = Trial(0, plan, plan.ComputeHash(), 0.8, 0.6);
        counted = counted with { Scores = counted.Scores! with { Counters = new Dictionary<string, long> { ["layer_forwards"] = 12, ["saved"] = 3 } } };
        var trials = new[] { counted, Trial(1, plan, plan.ComputeHash(), 0.7, 0.5) };
        SearchOutputs.Write(new SearchResult(plan, trials[0].Scores!, 10, [trials[0]], trials, _dir), new RunDirectoryLayout(_dir));
        var rows = File.ReadAllLines(Path.Combine(_dir, "trials.csv"));
        Assert.EndsWith(",a,b,layer_forwards,saved", rows[0], StringComparison.Ordinal);
        Assert.EndsWith(",12,3", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",0.5,,", rows[2], StringComparison.Ordinal); // no counters: empty cells

        var path = Path.Combine(_dir, "counters.jsonl");
        using (var journal = SearchJournal.Open(path))
        {
            journal.AppendTrial(trials[0]);
            journal.AppendTrial(trials[1]);
        }

        var read = SearchJournal.Read(path);
        Assert.Equal(new Dictionary<string, long> { ["layer_forwards"] = 12, ["saved"] = 3 }, read[0].Scores!.Counters);
        Assert.Null(read[1].Scores!.Counters);
    }

    [Fact]
    public void TheProgressSumsTheCountersOfTheTrialsOfThisRun()
    {
        var reports = new List<SearchProgress>();
        var plan = TailoringPlan.BaseWithout(6, 0, [1]);
        var reporter = new SearchProgressReporter(new SynchronousProgress(reports.Add), 4, null, []);
        TrialRecord WithWork(long trial, long work) => Trial(trial, plan, plan.ComputeHash(), 0.5, 0.5) is var t
            ? t with { Scores = t.Scores! with { Counters = new Dictionary<string, long> { ["work"] = work } } } : t;
        reporter.TrialFinished(WithWork(0, 5));
        reporter.TrialFinished(Trial(1, plan, plan.ComputeHash(), 0.5, 0.5)); // none reported
        reporter.TrialFinished(WithWork(2, 7));
        Assert.Equal([5L, 5L, 12L], reports.Select(r => r.Counters["work"]));
    }

    private sealed class SynchronousProgress(Action<SearchProgress> report) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => report(value);
    }

    [Fact]
    public void TheBestTrialFoldedPairwiseIsTheBestOfAll()
    {
        var plan = TailoringPlan.Dense(6, 0);
        var trials = Enumerable.Range(0, 30).Select(i => Trial(i, plan, "h", ((i * 7) % 11) / 11.0, ((i * 5) % 13) / 13.0, budget: i % 3 == 0 ? 5 : 10)).ToArray();
        var folded = trials.Aggregate((TrialRecord?)null, (best, t) => TrialSelection.Best(best is null ? [t] : [best, t], [0.3, 0.7]));
        Assert.Same(TrialSelection.Best(trials, [0.3, 0.7]), folded);
        Assert.Equal(10, folded!.Budget);
        Assert.Null(TrialSelection.Best([trials[0] with { Scores = null, Error = "x" }], null));
    }

    private static TrialRecord Trial(long trial, TailoringPlan plan, string hash, double a, double b, int budget = 10) =>
        new(trial, trial, trial, budget, [0.5], plan, hash, new TaskScores([
            new TaskScore("a", "acc", a, ObjectiveDirection.Maximize, budget),
            new TaskScore("b", "acc", b, ObjectiveDirection.Maximize, budget),
        ]), null, 0.1) { Value = 0.5 };
}
