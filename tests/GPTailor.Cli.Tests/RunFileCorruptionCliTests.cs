using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>
/// <c>search --resume</c> on a run directory with a corrupt file (state.json, run.json, the journal) exits 1 with one
/// <c>error:</c> line naming the file, never a stack trace.
/// </summary>
[Collection("torch")]
public sealed class RunFileCorruptionCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;
    private readonly string _run;

    public RunFileCorruptionCliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 1, vocab: 300);
        ByteLevelBpeTrainer.Train(["the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}", "{\"tokens\":[1,5,9,13]}"]);
        _tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(_tasks, "{\"tasks\":[{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
        _run = Path.Combine(_dir.Path, "run");
    }

    public void Dispose() => _dir.Dispose();

    private string[] Args(string run, string optimizer, int trials, params string[] extra) =>
        ["search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--optimizer", optimizer, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--initial-design", "2", "--out", run, "--seed", "5", .. extra];

    /// <summary>A finished run of the optimizer, copied once per corruption.</summary>
    private string Original(string optimizer)
    {
        var run = _run + "-" + optimizer;
        if (!Directory.Exists(run))
        {
            var (code, _, stderr) = CliRunner.Run(Args(run, optimizer, 12, "--json"));
            Assert.True(code == 0, stderr);
            Assert.True(File.Exists(Path.Combine(run, "state.json")), string.Join(", ", Directory.GetFiles(run)));
        }

        return run;
    }

    private string CopyOf(string original, string name)
    {
        var copy = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(original))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static JsonObject FirstObjectWith(JsonNode node, string property) => node switch
    {
        JsonObject o when o.ContainsKey(property) => o,
        JsonObject o => o.Select(kv => kv.Value).OfType<JsonNode>().Select(v => FirstObjectWithOrNull(v, property)).FirstOrDefault(x => x is not null)
            ?? throw new InvalidOperationException("no " + property),
        _ => throw new InvalidOperationException("no " + property),
    };

    private static JsonObject? FirstObjectWithOrNull(JsonNode node, string property) => node switch
    {
        JsonObject o when o.ContainsKey(property) => o,
        JsonObject o => o.Select(kv => kv.Value).OfType<JsonNode>().Select(v => FirstObjectWithOrNull(v, property)).FirstOrDefault(x => x is not null),
        JsonArray a => a.OfType<JsonNode>().Select(v => FirstObjectWithOrNull(v, property)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    /// <summary>Edits the state of a copy (the first object holding <paramref name="property"/>, depth first).</summary>
    private static string EditState(string run, string property, Action<JsonObject> edit)
    {
        var path = Path.Combine(run, "state.json");
        var state = JsonNode.Parse(File.ReadAllText(path))!;
        edit(FirstObjectWith(state, property));
        File.WriteAllText(path, state.ToJsonString());
        return run;
    }

    private void AssertOneLineError(string run, string optimizer, string file)
    {
        var before = File.ReadAllBytes(Path.Combine(run, "journal.jsonl"));
        var (code, _, stderr) = CliRunner.Run(Args(run, optimizer, 14, "--resume"));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == 1, $"{Path.GetFileName(run)}: exit {code}: {stderr}");
        Assert.True(lines.Length == 1, stderr);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(file, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run, "journal.jsonl"))); // nothing appended
    }

    [Fact]
    public void CorruptStateJsonGivesAOneLineErrorNamingIt()
    {
        var original = Original("cmaes");
        var text = File.ReadAllText(Path.Combine(original, "state.json"));
        var cases = new Dictionary<string, Func<string, string>>
        {
            ["truncated"] = r => { File.WriteAllText(Path.Combine(r, "state.json"), text[..(text.Length / 2)]); return r; },
            ["garbage"] = r => { File.WriteAllText(Path.Combine(r, "state.json"), "\u0001garbage{{{"); return r; },
            ["empty"] = r => { File.WriteAllText(Path.Combine(r, "state.json"), string.Empty); return r; },
            ["array"] = r => { File.WriteAllText(Path.Combine(r, "state.json"), "[1,2,3]"); return r; },
            ["scheduler-string"] = r => EditState(r, "scheduler", o => o["scheduler"] = "x"),
            ["random-string"] = r => EditState(r, "random", o => o["random"] = "x"),
            ["random-array"] = r => EditState(r, "random", o => o["random"] = new JsonArray(1, 2)),
            ["words-string"] = r => EditState(r, "words", o => o["words"] = new JsonArray("a", "b", "c", "d")),
            ["words-negative"] = r => EditState(r, "words", o => o["words"] = new JsonArray(-1, 2, 3, 4)),
            ["budget-string"] = r => EditState(r, "budget", o => o["budget"] = "x"),
            ["pending-number"] = r => EditState(r, "pending", o => o["pending"] = 3),
            ["scalarizer-garbage"] = r => EditState(r, "scalarizer", o => o["scalarizer"] = new JsonArray()),
        };
        foreach (var (name, corrupt) in cases)
        {
            AssertOneLineError(corrupt(CopyOf(original, "state-" + name)), "cmaes", "state.json");
        }
    }

    [Theory]
    [InlineData("cmaes")]
    [InlineData("spsa")]
    public void WrongKindsDeepInsideOtherOptimizersStatesGiveAOneLineError(string optimizer)
    {
        var original = Original(optimizer);
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(original, "state.json")))!;
        var optimizerState = FirstObjectWith(state, "random");
        var index = 0;
        foreach (var key in optimizerState.Select(kv => kv.Key).ToArray())
        {
            foreach (var bad in new JsonNode?[] { "x" }) // a string is the wrong kind for every field: number, array, object, enum
            {
                var copy = CopyOf(original, $"{optimizer}-{key}-{index++}");
                EditState(copy, "random", o => o[key] = bad?.DeepClone());
                var (code, _, stderr) = CliRunner.Run(Args(copy, optimizer, 14, "--resume"));
                if (code == 0)
                {
                    continue; // an edit the state accepts (e.g. a field the optimizer may leave empty) is not a corruption
                }

                var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(code == 1 && lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal) && lines[0].Contains("state.json", StringComparison.Ordinal),
                    $"{key} = {bad?.ToJsonString() ?? "null"}: exit {code}: {stderr}");
            }
        }
    }

    [Fact]
    public void CorruptRunJsonOrJournalGivesAOneLineErrorNamingIt()
    {
        var original = Original("cmaes");
        var runJson = File.ReadAllText(Path.Combine(original, "run.json"));
        AssertOneLineError(Write(CopyOf(original, "run-garbage"), "run.json", "garbage, not json"), "cmaes", "run.json");
        AssertOneLineError(Write(CopyOf(original, "run-truncated"), "run.json", runJson[..(runJson.Length / 2)]), "cmaes", "run.json");
        AssertOneLineError(Write(CopyOf(original, "run-array"), "run.json", "[]"), "cmaes", "run.json");
        AssertOneLineError(Write(CopyOf(original, "run-format-number"), "run.json", Edited(runJson, o => o["format"] = 7)), "cmaes", "run.json");

        var journal = File.ReadAllLines(Path.Combine(original, "journal.jsonl"));
        Assert.True(journal.Length >= 3);
        var middle = journal.Length / 2;
        AssertOneLineError(Write(CopyOf(original, "journal-garbage"), "journal.jsonl", string.Join("\n", journal.Select((l, i) => i == middle ? "garbage" : l)) + "\n"), "cmaes", "journal.jsonl");
        AssertOneLineError(Write(CopyOf(original, "journal-array"), "journal.jsonl", string.Join("\n", journal.Select((l, i) => i == middle ? "[1]" : l)) + "\n"), "cmaes", "journal.jsonl");
        var wrongKind = JsonNode.Parse(journal[0])!.AsObject();
        foreach (var key in wrongKind.Select(kv => kv.Key).Where(k => k != "plan_hash").ToArray()) // plan_hash is recomputed from the plan when read
        {
            var edited = wrongKind.DeepClone().AsObject();
            edited[key] = new JsonArray("x");
            var lines = journal.Select((l, i) => i == 0 ? edited.ToJsonString() : l);
            AssertOneLineError(Write(CopyOf(original, "journal-kind-" + key), "journal.jsonl", string.Join("\n", lines) + "\n"), "cmaes", "journal.jsonl");
        }
    }

    private static string Edited(string json, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    private static string Write(string run, string file, string text)
    {
        File.WriteAllText(Path.Combine(run, file), text);
        return run;
    }
}
