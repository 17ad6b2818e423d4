using System.Text.Json.Nodes;
using GPTailor.Datasets;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// Built-in tasks scored by <see cref="TaskSetScorer"/> against an independent computation from per-token
/// log-probabilities (each context + continuation run alone, float64 sums): acc_norm by code points, WinoGrande's
/// partial scoring, LAMBADA's perplexity and greedy accuracy, and MMLU's group mean.
/// </summary>
[Collection("torch")]
public sealed class BenchmarkScoringTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;
    private readonly HfTokenizer _tokenizer;

    public BenchmarkScoringTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 1, vocab: 300);
        string[] corpus = ["the cat sat on the mat", "the trophy is too large", "add 12+30 = 42", "mété ça ñ"];
        ByteLevelBpeTrainer.Train(corpus, 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = ModelFamily.Open(manifest);
        _tokenizer = HfTokenizer.Load(manifest.Members[0].Directory);
    }

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    private string Write(string name, params JsonObject[] rows)
    {
        var path = Path.Combine(_dir.Path, name, "validation.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, rows.Select(r => r.ToJsonString()));
        return Path.GetDirectoryName(path)!;
    }

    private static TaskDefinition Task(string task, string path, string metric) =>
        new(task, TaskKind.Benchmark, path, metric, 1) { Source = new DatasetSource(task, "validation", null, null) };

    /// <summary>Σ ln p(continuation | context), the pair tokenized jointly and split at the context (no BOS), run alone.</summary>
    private static double LogLikelihood(HfTokenizer tokenizer, SequenceScorer scorer, string context, string continuation)
    {
        var ctx = tokenizer.Encode(context, addBos: false);
        var all = tokenizer.Encode(context + continuation, addBos: false);
        return scorer.TokenLogProbs([all])[0].Skip(ctx.Length - 1).Sum();
    }

    [Fact]
    public void AccNormDividesByCodePointsAndPartialScoringScoresTheSharedContinuation()
    {
        string[] pool = ["mat", "màt", "ééé", "hat", "ñañ", "m", "😀", "cat😀", "sat", "ça", "mété", "x"];
        var piqa = new List<JsonObject>();
        for (var i = 0; i < pool.Length; i++)
        {
            for (var j = i + 1; j < pool.Length; j++)
            {
                piqa.Add(new JsonObject { ["goal"] = "the cat sat on the", ["sol1"] = pool[i], ["sol2"] = pool[j], ["label"] = 0 });
            }
        }

        var wino = new[]
        {
            new JsonObject { ["sentence"] = "the cat sat on _ mat", ["option1"] = "the", ["option2"] = "a", ["answer"] = "1" },
            new JsonObject { ["sentence"] = "_ trophy is too large", ["option1"] = "the", ["option2"] = "ça", ["answer"] = "2" },
            new JsonObject { ["sentence"] = "add 12+30 = _", ["option1"] = "42", ["option2"] = "24", ["answer"] = "1" },
        };
        var set = new TaskSet([Task("piqa", Write("piqa", [.. piqa]), "acc_norm"), Task("winogrande", Write("wino", wino), "acc")]);
        var plan = TailoringPlan.BaseWithout(4, 1, [2]);
        using var stitcher = new PlanStitcher(_family);
        using var model = stitcher.Build(plan);
        var scorer = new SequenceScorer(model.Model, new ScoringOptions(BatchSize: 3));
        var reports = new TaskSetScorer(set, _tokenizer, _family.BaseConfig.VocabSize).Score(scorer, new EvaluationBudget(1000));

        int acc = 0, norm = 0, normBytes = 0;
        foreach (var row in piqa)
        {
            var choices = new[] { row["sol1"]!.GetValue<string>(), row["sol2"]!.GetValue<string>() };
            var ll = choices.Select(c => LogLikelihood(_tokenizer, scorer, "Question: the cat sat on the\nAnswer:", " " + c)).ToArray();
            acc += ll[0] >= ll[1] ? 1 : 0;
            norm += ll[0] / choices[0].EnumerateRunes().Count() >= ll[1] / choices[1].EnumerateRunes().Count() ? 1 : 0;
            normBytes += ll[0] / System.Text.Encoding.UTF8.GetByteCount(choices[0]) >= ll[1] / System.Text.Encoding.UTF8.GetByteCount(choices[1]) ? 1 : 0;
        }

        var piqaRow = reports[0].Rows.Single();
        Assert.Equal((double)acc / piqa.Count, piqaRow.Metrics["acc"].Value, 12);
        Assert.Equal((double)norm / piqa.Count, piqaRow.Metrics["acc_norm"].Value, 12);
        Assert.Equal((double)norm / piqa.Count, reports[0].Score.Value, 12);
        Assert.NotEqual(norm, normBytes); // the data tells code points from UTF-8 bytes, so the check above has teeth
        var p = (double)acc / piqa.Count;
        Assert.Equal(Math.Sqrt(p * (1 - p) / (piqa.Count - 1)), piqaRow.Metrics["acc"].Stderr!.Value, 12);

        // WinoGrande: each option completes the sentence up to the blank; the rest of the sentence is what is scored.
        var winoCorrect = wino.Count(row =>
        {
            var sentence = row["sentence"]!.GetValue<string>();
            var blank = sentence.IndexOf('_', StringComparison.Ordinal);
            var rest = " " + sentence[(blank + 1)..].Trim();
            var ll = new[] { "option1", "option2" }.Select(o => LogLikelihood(_tokenizer, scorer, sentence[..blank] + row[o]!.GetValue<string>(), rest)).ToArray();
            return (ll[0] >= ll[1] ? "1" : "2") == row["answer"]!.GetValue<string>();
        });
        Assert.Equal(winoCorrect / 3.0, reports[1].Score.Value, 12);
    }

    [Fact]
    public void LambadaPerplexityAndGreedyAccuracyMatchTheFullLogits()
    {
        string[] texts = ["the cat sat on the mat", "the trophy is too large", "add 12+30 = 42", "the cat sat on the cat", "large"];
        var set = new TaskSet([Task("lambada_openai", Write("lambada", texts.Select(t => new JsonObject { ["text"] = t }).ToArray()), "perplexity")]);
        using var stitcher = new PlanStitcher(_family);
        using var model = stitcher.Build(TailoringPlan.BaseWithout(4, 1, []));
        var scorer = new SequenceScorer(model.Model, new ScoringOptions(BatchSize: 2));
        var taskScorer = new TaskSetScorer(set, _tokenizer, _family.BaseConfig.VocabSize);
        taskScorer.Score(scorer, new EvaluationBudget(100));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var report = taskScorer.Score(scorer, new EvaluationBudget(100)).Single();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        double sum = 0;
        var greedy = 0;
        foreach (var text in texts)
        {
            var cut = text.LastIndexOf(' ');
            var (context, continuation) = cut < 0 ? ("", " " + text) : (text[..cut], text[cut..]);
            // An empty context conditions on BOS, as lm-eval's prefix token.
            var ctx = context.Length == 0 ? [_tokenizer.BosId!.Value] : _tokenizer.Encode(context, addBos: false);
            var all = context.Length == 0 ? [.. ctx, .. _tokenizer.Encode(continuation, addBos: false)] : _tokenizer.Encode(context + continuation, addBos: false);
            var split = context.Length == 0 ? 1 : ctx.Length;
            sum += scorer.TokenLogProbs([all])[0].Skip(split - 1).Sum();
            using var scope = torch.NewDisposeScope();
            var logits = model.Model.Forward(torch.tensor(all.Select(t => (long)t).ToArray(), [1, all.Length]));
            var argmax = logits[0].argmax(-1).data<long>().ToArray();
            greedy += Enumerable.Range(split, all.Length - split).All(i => argmax[i - 1] == all[i]) ? 1 : 0;
        }

        var row = report.Rows.Single();
        // float32 model, batched (padded) here and alone above: ln(perplexity) agrees within 1e-5.
        Assert.True(Math.Abs(-sum / texts.Length - Math.Log(row.Metrics["perplexity"].Value)) < 1e-5, $"{Math.Exp(-sum / texts.Length)} vs {row.Metrics["perplexity"].Value}");
        Assert.Null(row.Metrics["perplexity"].Stderr);
        Assert.Equal(greedy / (double)texts.Length, row.Metrics["acc"].Value, 12);
        Assert.Equal(row.Metrics["perplexity"].Value, report.Score.Value);
        Assert.Equal(ObjectiveDirection.Minimize, report.Score.Direction);
    }

    [Fact]
    public void MmluIsTheSizeWeightedMeanOfItsSubjectsUnderTheBudget()
    {
        JsonObject Q(string subject, string question, int answer) => new() { ["question"] = question, ["subject"] = subject, ["choices"] = new JsonArray("mat", "cat", "42", "hat"), ["answer"] = answer };
        var rows = new[] { Q("anatomy", "the cat sat on the", 0), Q("anatomy", "add 12+30 =", 2), Q("anatomy", "the", 3), Q("virology", "the cat", 1), Q("formal_logic", "sat on", 0), Q("formal_logic", "the", 2) };
        var set = new TaskSet([Task("mmlu", Write("mmlu", rows), "acc")]);
        using var stitcher = new PlanStitcher(_family);
        using var model = stitcher.Build(TailoringPlan.BaseWithout(4, 1, [1]));
        var scorer = new SequenceScorer(model.Model);
        var report = new TaskSetScorer(set, _tokenizer, _family.BaseConfig.VocabSize).Score(scorer, new EvaluationBudget(2)).Single();

        var correct = new Dictionary<string, int>();
        foreach (var subject in new[] { "anatomy", "virology", "formal_logic" })
        {
            correct[subject] = rows.Where(r => r["subject"]!.GetValue<string>() == subject).Take(2).Count(r =>
            {
                var context = $"The following are multiple choice questions (with answers) about {subject.Replace('_', ' ')}.\n\n{r["question"]!.GetValue<string>()}\nA. mat\nB. cat\nC. 42\nD. hat\nAnswer:";
                var ll = new[] { " A", " B", " C", " D" }.Select(c => LogLikelihood(_tokenizer, scorer, context, c)).ToArray();
                return Array.IndexOf(ll, ll.Max()) == r["answer"]!.GetValue<int>();
            });
        }

        // Budget 2 per subject: anatomy 2, virology 1, formal_logic 2 documents.
        Assert.Equal((correct["anatomy"] + correct["virology"] + correct["formal_logic"]) / 5.0, report.Score.Value, 12);
        Assert.Equal(5, report.Score.Documents);
        Assert.Equal(["mmlu", "mmlu_stem", "mmlu_anatomy", "mmlu_other", "mmlu_virology", "mmlu_humanities", "mmlu_formal_logic"], report.Rows.Select(r => r.Name));
        Assert.Equal(correct["anatomy"] / 2.0, report.Rows[1].Metrics["acc"].Value, 12);
    }
}
