using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public sealed class SearchRunStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GPTailorSearchSpace Space() => new(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });

    private static OneBudgetScheduler Scheduler(GPTailorSearchSpace space) => new(new HillClimber(space.Box, 42), 50);

    private static SearchDriver Driver(int maxTrials = 8)
    {
        var space = Space();
        return new SearchDriver(space, Scheduler(space), new AnalyticEvaluator(), new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = maxTrials });
    }

    [Fact]
    public async Task StateIsSavedAsNestedObjectsAndRunJsonNamesFormatTwo()
    {
        var dir = Path.Combine(_root, "run");
        await Driver().RunAsync(dir);
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run.json")))!;
        Assert.Equal("gptailor-run/2", run["format"]!.GetValue<string>());
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "state.json")))!;
        Assert.Equal("gptailor-run/2", state["format"]!.GetValue<string>());
        var scheduler = Assert.IsType<JsonObject>(state["scheduler"]);
        Assert.Equal(8, scheduler["next"]!.GetValue<long>());
        Assert.IsType<JsonObject>(state["scalarizer"]);
        Assert.False(File.Exists(Path.Combine(dir, "state.json.tmp")));
    }

    [Fact]
    public void OpeningARunDirectorySweepsAKilledWritersTemporaryStateOnlyWithTheLockHeld()
    {
        // A writer killed between writing state.json.tmp and renaming it leaves the temporary file beside the last state.
        var dir = Directory.CreateDirectory(Path.Combine(_root, "killed")).FullName;
        var temporary = Path.Combine(dir, "state.json.tmp");
        File.WriteAllText(Path.Combine(dir, "state.json"), "{\"format\":\"gptailor-run/2\"}");
        File.WriteAllText(temporary, "{\"format\":\"gptailor-ru");

        using (var holder = new SearchRunStore(dir))
        {
            Assert.False(File.Exists(temporary));
            Assert.Equal("{\"format\":\"gptailor-run/2\"}", File.ReadAllText(Path.Combine(dir, "state.json")));

            // While a live writer holds the directory, a second opener is refused and touches nothing of it.
            File.WriteAllText(temporary, "the holder's own");
            Assert.Throws<SearchFailedException>(() => new SearchRunStore(dir, resume: false));
            Assert.Equal("the holder's own", File.ReadAllText(temporary));
        }

        using (new SearchRunStore(dir))
        {
            Assert.False(File.Exists(temporary));
        }
    }

    [Fact]
    public void StateRoundTripsThroughStateJson()
    {
        var space = Space();
        var scheduler = Scheduler(space);
        var scalarizer = new ParEgoScalarizer(2, 3);
        // Move both away from their initial state: one told batch, one observed iteration.
        var batch = scheduler.Next();
        scheduler.Report(batch.Select(r => new TrialOutcome(r, r.Point.Coordinates[0], [r.Point.Coordinates[0], 1])).ToArray());
        scalarizer.BeginIteration();
        scalarizer.Observe([0.25, 0.75]);
        scalarizer.Observe([0.5, 0.125]);
        var fingerprint = RunFingerprint.Of(space, scheduler, new AnalyticEvaluator(), 0, null);
        var dir = Path.Combine(_root, "state");
        using (var store = new SearchRunStore(dir))
        {
            store.Start(fingerprint);
            store.SaveState(scheduler, scalarizer);
        }

        var restoredScheduler = Scheduler(space);
        var restoredScalarizer = new ParEgoScalarizer(2, 3);
        using (var store = new SearchRunStore(dir))
        {
            Assert.Empty(store.Resume(fingerprint, restoredScheduler, restoredScalarizer));
        }

        Assert.Equal(scheduler.SaveState().ToJsonString(), restoredScheduler.SaveState().ToJsonString());
        Assert.Equal(scalarizer.SaveState().ToJsonString(), restoredScalarizer.SaveState().ToJsonString());
        Assert.Equal(scalarizer.Scalarize([0.3, 0.3]), restoredScalarizer.Scalarize([0.3, 0.3]));
    }

    [Fact]
    public async Task ResumingAFormatOneRunDirectoryFailsAndSaysToStartANewOne()
    {
        var dir = Path.Combine(_root, "v1");
        await Driver(maxTrials: 4).RunAsync(dir);
        var runPath = Path.Combine(dir, "run.json");
        File.WriteAllText(runPath, File.ReadAllText(runPath).Replace("gptailor-run/2", "gptailor-run/1", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver().RunAsync(dir, resume: true));
        Assert.Contains("\"gptailor-run/1\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"gptailor-run/2\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Start a new run directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StringValuedStateIsRecognisedAsFormatOneAndRefused()
    {
        var dir = Path.Combine(_root, "v1-state");
        await Driver(maxTrials: 4).RunAsync(dir);
        // Format 1 kept the scheduler's and scalarizer's state as JSON strings inside state.json.
        var statePath = Path.Combine(dir, "state.json");
        var state = JsonNode.Parse(File.ReadAllText(statePath))!;
        File.WriteAllText(statePath, new JsonObject
        {
            ["scheduler"] = state["scheduler"]!.ToJsonString(),
            ["scalarizer"] = state["scalarizer"]!.ToJsonString(),
        }.ToJsonString());
        var journal = File.ReadAllText(Path.Combine(dir, "journal.jsonl"));

        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver().RunAsync(dir, resume: true));
        Assert.Contains("state.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"gptailor-run/1\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"gptailor-run/2\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Start a new run directory", ex.Message, StringComparison.Ordinal);
        Assert.Equal(journal, File.ReadAllText(Path.Combine(dir, "journal.jsonl"))); // nothing was appended
    }

    [Fact]
    public async Task MalformedRunJsonIsASearchFailure()
    {
        var dir = Path.Combine(_root, "broken");
        await Driver(maxTrials: 4).RunAsync(dir);
        File.WriteAllText(Path.Combine(dir, "run.json"), "{ not json");
        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => Driver().RunAsync(dir, resume: true));
        Assert.Contains("run.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WritingToTheJournalBeforeStartingIsRefused()
    {
        using var store = new SearchRunStore(Path.Combine(_root, "unstarted"));
        Assert.Throws<InvalidOperationException>(() => store.AppendBatch(new Dictionary<long, double>()));
    }
}
