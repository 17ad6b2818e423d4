using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

/// <summary>Issue 11: one writer per run directory, resume only the same search, journal tail, non-finite scores.</summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-rundir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SearchDriver Driver(AnalyticEvaluator? evaluator = null, int maxTrials = 8, int seed = 0, JsonObject? definition = null, int maxFailures = 5)
    {
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        return new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 50), evaluator ?? new AnalyticEvaluator(), new ParEgoScalarizer(2, 3), new SearchDriverOptions
        {
            MaxTrials = maxTrials,
            Seed = seed,
            RunDefinition = definition,
            MaxConsecutiveFailures = maxFailures,
        });
    }

    private static void AssertEveryLineIsJson(string journal) =>
        Assert.All(File.ReadAllLines(journal), line => Assert.IsType<JsonObject>(JsonNode.Parse(line)));

    [Fact]
    public void ASecondStoreOnTheSameDirectoryIsRefusedNamingTheHolderPid()
    {
        var dir = Path.Combine(_root, "locked");
        using (var first = new SearchRunStore(dir))
        {
            var ex = Assert.Throws<SearchFailedException>(() => new SearchRunStore(dir));
            Assert.Contains($"PID {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
            Assert.Contains("in use by another search", ex.Message, StringComparison.Ordinal);
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(dir, "run.pid")).Trim());
        }

        Assert.False(File.Exists(Path.Combine(dir, "run.pid")));
        using var again = new SearchRunStore(dir); // released on dispose
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASecondSearchOrAResumeWhileOneRunsIsRefusedAndTheJournalStaysIntact(bool resume)
    {
        var dir = Path.Combine(_root, "concurrent");
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var holder = new AnalyticEvaluator
        {
            Gate = call =>
            {
                if (call == 3)
                {
                    started.TrySetResult();
                    return release.Task;
                }

                return Task.CompletedTask;
            },
        };
        var running = Task.Run(() => Driver(holder, maxTrials: 8).RunAsync(dir));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var intruder = new AnalyticEvaluator();
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(intruder, maxTrials: 8).RunAsync(dir, resume));
        Assert.Contains($"PID {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, intruder.Calls);

        release.SetResult();
        var result = await running;
        var journal = Path.Combine(dir, "journal.jsonl");
        AssertEveryLineIsJson(journal);
        Assert.Equal(8, SearchJournal.Read(journal).Count);
        Assert.Equal(8, result.Trials.Count);
        var resumed = await Driver(new AnalyticEvaluator(), maxTrials: 8).RunAsync(dir, resume: true);
        Assert.Equal(result.BestPlan.ComputeHash(), resumed.BestPlan.ComputeHash());
    }

    [Fact]
    public async Task ResumingAMissingDirectoryOrOneWithoutRunJsonIsAnError()
    {
        var missing = Path.Combine(_root, "missing");
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver().RunAsync(missing, resume: true));
        Assert.Contains("Nothing to resume", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));

        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver().RunAsync(empty, resume: true));
        Assert.Contains("holds no run.json", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(empty));
    }

    [Fact]
    public async Task StartingOverAJournalSaysResumeAsACommandLineUserWritesIt()
    {
        var dir = Path.Combine(_root, "twice");
        await Driver(maxTrials: 4).RunAsync(dir);
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(maxTrials: 4).RunAsync(dir));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pass resume", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResumeOfADifferentSearchIsRefusedListingEveryDifference()
    {
        var dir = Path.Combine(_root, "different");
        JsonObject Definition(int remove, string taskHash) => new()
        {
            ["remove"] = remove,
            ["task_files"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["task"] = "keep", ["sha256"] = taskHash }) },
        };
        await Driver(maxTrials: 4, definition: Definition(2, "aaa")).RunAsync(dir);
        var journal = File.ReadAllText(Path.Combine(dir, "journal.jsonl"));

        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(maxTrials: 8, seed: 1, definition: Definition(3, "bbb")).RunAsync(dir, resume: true));
        Assert.Contains("seed: 0 → 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("remove: 2 → 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("task_files.data[0].sha256: \"aaa\" → \"bbb\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
        Assert.Equal(journal, File.ReadAllText(Path.Combine(dir, "journal.jsonl")));

        var same = await Driver(maxTrials: 8, definition: Definition(2, "aaa")).RunAsync(dir, resume: true);
        Assert.Equal(8, same.Trials.Count);
    }

    [Fact]
    public async Task ARunJsonOfAnEarlierFingerprintIsRefusedClearly()
    {
        var dir = Path.Combine(_root, "earlier");
        await Driver(maxTrials: 4).RunAsync(dir); // written without the run definition's fields, as before
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(maxTrials: 8, definition: new JsonObject { ["remove"] = 2 }).RunAsync(dir, resume: true));
        Assert.Contains("earlier version of GPTailor", ex.Message, StringComparison.Ordinal);
        Assert.Contains("remove", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Start a new run directory", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"trial\",\"trial\":9,\"requ")] // torn: a write cut short, no newline
    [InlineData("garbage that is not json\n")] // a foreign line that ends in a newline
    public async Task ATornOrGarbageLastLineIsCutOffBeforeTheResumeAppends(string tail)
    {
        var dir = Path.Combine(_root, "tail");
        var reference = await Driver(maxTrials: 12).RunAsync(Path.Combine(_root, "reference"));
        await Driver(maxTrials: 6).RunAsync(dir);
        var journal = Path.Combine(dir, "journal.jsonl");
        File.AppendAllText(journal, tail);

        var resumed = await Driver(maxTrials: 12).RunAsync(dir, resume: true);
        AssertEveryLineIsJson(journal); // the torn line was cut off, not appended to or kept in the middle
        Assert.Equal(reference.BestPlan.ComputeHash(), resumed.BestPlan.ComputeHash());

        var again = await Driver(maxTrials: 12).RunAsync(dir, resume: true); // the next resume reads it cleanly
        Assert.Equal(12, again.Trials.Count);
    }

    [Fact]
    public async Task AMalformedLineBeforeTheLastStillStopsTheResume()
    {
        var dir = Path.Combine(_root, "middle");
        await Driver(maxTrials: 4).RunAsync(dir);
        var journal = Path.Combine(dir, "journal.jsonl");
        var lines = File.ReadAllLines(journal).ToList();
        lines.Insert(1, "garbage");
        File.WriteAllLines(journal, lines);
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver(maxTrials: 8).RunAsync(dir, resume: true));
        Assert.Contains("journal.jsonl:2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task ATrialWithANonFiniteScoreIsRecordedAsFailedAndTheSearchGoesOn(double bad)
    {
        var dir = Path.Combine(_root, "nan");
        var evaluator = new AnalyticEvaluator { OverrideWhen = call => call is 2 or 5 ? bad : null };
        var result = await Driver(evaluator, maxTrials: 12).RunAsync(dir);

        var journal = Path.Combine(dir, "journal.jsonl");
        AssertEveryLineIsJson(journal); // strict JSON: no NaN or Infinity literals
        var trials = SearchJournal.Read(journal);
        Assert.Equal(12, trials.Count);
        var failed = trials.Where(t => t.Error is not null).ToArray();
        Assert.Equal(2, failed.Length);
        Assert.All(failed, t =>
        {
            Assert.StartsWith("non-finite score: keep acc = ", t.Error, StringComparison.Ordinal);
            Assert.Null(t.Scores);
            Assert.Equal(double.PositiveInfinity, t.Value); // worst cost
        });
        Assert.DoesNotContain(result.Trials, t => failed.Any(f => f.Trial == t.Trial));
        Assert.All(result.BestScores.Scores, s => Assert.True(double.IsFinite(s.Value)));

        var resumed = await Driver(new AnalyticEvaluator(), maxTrials: 12).RunAsync(dir, resume: true); // and the run can be resumed
        Assert.Equal(result.BestPlan.ComputeHash(), resumed.BestPlan.ComputeHash());
    }

    [Fact]
    public async Task AFinalistWithANonFiniteScoreDropsOut()
    {
        var dir = Path.Combine(_root, "finalists");
        var evaluator = new AnalyticEvaluator();
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        var driver = new SearchDriver(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 50), evaluator, new ParEgoScalarizer(2, 3), new SearchDriverOptions
        {
            MaxTrials = 8,
            Finalists = 3,
        });
        evaluator.OverrideWhen = call => call == 9 ? double.NaN : null; // the first finalist
        var result = await driver.RunAsync(dir);
        Assert.Equal(2, result.Finalists.Count);
        Assert.Equal(2, Assert.IsType<JsonArray>(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, FinalistSelection.FileName)))).Count);
    }
}
