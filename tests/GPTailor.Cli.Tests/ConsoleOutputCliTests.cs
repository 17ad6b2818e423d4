using System.Globalization;
using System.Text.Json.Nodes;

namespace GPTailor.Cli.Tests;

/// <summary>
/// Issue 12 item 5 (console): with stderr redirected (a log, a pipe; here the test's pipe) a search writes one line per
/// trial and never a carriage return (before, the bar redrew the same line with <c>\r</c> once per trial); tables are
/// written through Spectre.Console as Markdown when stdout is not a terminal, with the expected cells.
/// </summary>
[Collection("torch")]
public sealed class ConsoleOutputCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _family;
    private readonly string _tasks;

    public ConsoleOutputCliTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        ByteLevelBpeTrainer.Train(["add 12+30 = 42", "the cat sat on the mat"], 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = Path.Combine(_dir.Path, "family.json");
        File.WriteAllLines(Path.Combine(_dir.Path, "mc.jsonl"), Enumerable.Range(0, 4).Select(i => $"{{\"context\":\"add {i}+{i} =\",\"choices\":[\"{2 * i}\",\"{2 * i + 1}\"],\"gold\":0}}"));
        File.WriteAllLines(Path.Combine(_dir.Path, "ppl.jsonl"), ["{\"text\":\"the cat sat on the mat\"}"]);
        _tasks = Path.Combine(_dir.Path, "tasks.json");
        File.WriteAllText(_tasks, "{\"tasks\":[{\"name\":\"mc\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\"},{\"name\":\"ppl\",\"kind\":\"perplexity\",\"path\":\"ppl.jsonl\"}]}");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ARedirectedSearchWritesOneLinePerTrialAndNoCarriageReturn()
    {
        const int trials = 6;
        var (code, stdout, stderr) = CliRunner.Run("search", "--family", _family, "--tasks", _tasks, "--remove", "1", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--initial-design", "2", "--out", _dir.File("run"), "--seed", "1");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain('\r', stderr);
        Assert.DoesNotContain('\r', stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Enumerable.Range(1, trials).Select(t => $"trial {t}/{trials} budget "), lines.Select(l => l[..$"trial {l.Split(' ')[1]} budget ".Length]));
        Assert.All(lines.Skip(1), l => Assert.Contains(" best mc=", l, StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", stderr, StringComparison.Ordinal); // no ANSI escapes in a log
    }

    [Fact]
    public void EvalPrintsAnLmEvalTableWhoseCellsMatchItsJson()
    {
        var plan = _dir.Write("plan.json", PlanJson.Serialize(TailoringPlan.BaseWithout(4, 2, [1])));
        string[] args = ["eval", "--family", _family, "--plan", plan, "--tasks", _tasks];
        var json = CliRunner.Run([.. args, "--json"]);
        Assert.True(json.Code == 0, json.Error);
        var results = JsonNode.Parse(json.Out)!["results"]!;

        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l)); // no blank border lines, no trailing spaces
        Assert.Equal("layers kept: 3", lines[0]);
        string[] Cells(string line) => line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(["Tasks", "Version", "Metric", "Value", "", "Stderr"], Cells(lines[1]));
        var rows = lines.Skip(2).Where(l => l.StartsWith('|') && !l.Contains("---", StringComparison.Ordinal)).Select(Cells).ToArray();
        Assert.Equal(["mc", "ppl"], rows.Select(r => r[0]).Where(t => t.Length > 0));
        var task = string.Empty;
        foreach (var row in rows)
        {
            task = row[0].Length > 0 ? row[0] : task;
            var value = results[task]![row[2] + ",none"]!.GetValue<double>();
            Assert.Equal(value.ToString("F4", CultureInfo.InvariantCulture), row[3]);
        }

        Assert.Contains(lines, l => l.StartsWith("objective mc: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("objective ppl: ", StringComparison.Ordinal));
    }
}
