using System.Text.Json.Nodes;

namespace GPTailor.Core.Tests;

public sealed class SearchJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path => System.IO.Path.Combine(_dir, "journal.jsonl");

    /// <summary>A well-formed trial line (written by the journal itself) and a batch line.</summary>
    private JsonObject[] WriteGoodJournal()
    {
        var plan = TailoringPlan.Dense(4, 0);
        var record = new TrialRecord(0, 7, 3, 10, [0.25, 0.5], plan, plan.ComputeHash(), new TaskScores([new TaskScore("a", "acc", 0.75, ObjectiveDirection.Maximize, 10)]), null, 0.5);
        using (var journal = SearchJournal.Open(Path))
        {
            journal.AppendTrial(record);
            journal.AppendBatch(new Dictionary<long, double> { [7] = 0.25 });
        }

        return File.ReadAllLines(Path).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
    }

    [Fact]
    public void ReadsBackWhatItWrites()
    {
        WriteGoodJournal();

        var trial = Assert.Single(SearchJournal.Read(Path));

        Assert.Equal((0L, 7L, 3L, 10), (trial.Trial, trial.RequestId, trial.PointId, trial.Budget));
        Assert.Equal([0.25, 0.5], trial.Point);
        Assert.Equal(0.75, trial.Scores!.Scores[0].Value);
        Assert.Equal(0.25, trial.Value);
    }

    [Theory]
    [InlineData("trial", "\"zero\"", "'trial' must be an integer")]
    [InlineData("trial", "1.5", "'trial' must be an integer")]
    [InlineData("budget", "null", "'budget' must be an integer")]
    [InlineData("point", "{}", "'point' must be an array")]
    [InlineData("seconds", "\"fast\"", "'seconds' must be a number")]
    [InlineData("scores", "[{\"task\":\"a\"}]", "'metric' must be a string")]
    [InlineData("scores", "7", "'scores' must be an array")]
    [InlineData("plan", "[]", "'plan' must be an object")]
    public void AWrongKindOfFieldIsAMalformedLineNamingTheField(string field, string json, string message)
    {
        var lines = WriteGoodJournal();
        lines[0][field] = JsonNode.Parse(json);
        File.WriteAllLines(Path, lines.Select(l => l.ToJsonString()));

        var error = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Path));

        Assert.Contains(":1: malformed journal line", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFieldIsAMalformedLine()
    {
        var lines = WriteGoodJournal();
        lines[0].Remove("request");
        File.WriteAllLines(Path, lines.Select(l => l.ToJsonString()));

        var error = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Path));
        Assert.Contains("'request' must be an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonObjectLineIsMalformedUnlessItIsTheTruncatedLastLine()
    {
        var lines = WriteGoodJournal().Select(l => l.ToJsonString()).ToList();
        File.WriteAllLines(Path, new[] { "null" }.Concat(lines));
        Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Path));

        File.WriteAllLines(Path, lines.Append("{\"trial\":1,\"req")); // a crash mid-write
        Assert.Single(SearchJournal.Read(Path));
    }

    [Fact]
    public void ABatchValueThatIsNotANumberIsMalformed()
    {
        var lines = WriteGoodJournal();
        lines[1]["values"]!["7"] = "low";
        File.WriteAllLines(Path, lines.Select(l => l.ToJsonString()));

        var error = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Path));
        Assert.Contains("values.7 must be a number or null", error.Message, StringComparison.Ordinal);
    }
}
