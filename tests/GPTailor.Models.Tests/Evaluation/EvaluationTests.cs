
namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class EvaluationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;
    private readonly HfTokenizer _tokenizer;

    public EvaluationTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        string[] corpus = ["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat", "sort dcba = abcd"];
        ByteLevelBpeTrainer.Train(corpus, 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        _family = ModelFamily.Open(manifest);
        _tokenizer = HfTokenizer.Load(manifest.Members[0].Directory);
    }

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void TrailingWhitespaceOfTheContextMovesToTheContinuation()
    {
        var (context, continuation) = ContinuationEncoder.Encode(_tokenizer, "add 12+30 = ", "42");
        Assert.Equal<int>(_tokenizer.Encode("add 12+30 =", addBos: false), context);
        Assert.Equal<int>(_tokenizer.Encode("add 12+30 = 42", addBos: false), context.Concat(continuation).ToArray());
    }

    [Fact]
    public async Task MultipleChoiceAccuracyMatchesAnIndependentComputationFromTokenLogProbs()
    {
        var docs = new[]
        {
            new MultipleChoiceDocument("add 12+30 =", ["42", "43", "52"], 0),
            new MultipleChoiceDocument("reverse abc =", ["cba", "abc"], 1),
            new MultipleChoiceDocument("sort dcba =", ["abcd", "dcba", "bacd", "x"], 2),
            new MultipleChoiceDocument("the cat sat on the", ["mat", "hat"], 0),
        };
        var path = Path.Combine(_dir.Path, "mc.jsonl");
        await File.WriteAllLinesAsync(path, docs.Select(d => System.Text.Json.JsonSerializer.Serialize(new { context = d.Context, choices = d.Choices, gold = d.Gold })));
        var tasks = new TaskSet([new TaskDefinition("mc", TaskKind.MultipleChoice, path, "acc", 1), new TaskDefinition("mcn", TaskKind.MultipleChoice, path, "acc_norm", 1)]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, tasks, _tokenizer);
        var plan = TailoringPlan.BaseWithout(4, 2, [2]);
        var scores = await evaluator.EvaluateAsync(plan, new EvaluationBudget(100));

        // Independent path: log-probs of every token of context+continuation, summed over the continuation positions.
        using var model = stitcher.Build(plan);
        var scorer = new SequenceScorer(model.Model);
        int correct = 0, correctNorm = 0;
        foreach (var d in docs)
        {
            var ll = d.Choices.Select(c =>
            {
                var ctx = _tokenizer.Encode(d.Context, addBos: false);
                var all = _tokenizer.Encode(d.Context + " " + c, addBos: false);
                var lp = scorer.TokenLogProbs([all])[0]; // lp[i] = log p(all[i+1] | all[..i+1])
                return lp.Skip(ctx.Length - 1).Sum();
            }).ToArray();
            correct += Array.IndexOf(ll, ll.Max()) == d.Gold ? 1 : 0;
            var norm = ll.Select((v, i) => v / d.Choices[i].EnumerateRunes().Count()).ToArray();
            correctNorm += Array.IndexOf(norm, norm.Max()) == d.Gold ? 1 : 0;
        }

        Assert.Equal(correct / 4.0, scores["mc"].Value, 12);
        Assert.Equal(correctNorm / 4.0, scores["mcn"].Value, 12);
        Assert.Equal(ObjectiveDirection.Maximize, scores["mc"].Direction);

        var first2 = await evaluator.EvaluateAsync(plan, new EvaluationBudget(2));
        Assert.Equal(2, first2["mc"].Documents);
        Assert.Equal(2, evaluator.Statistics.Evaluations);
    }

    [Fact]
    public async Task PerplexityTaskReportsMeanNllOfTokensAndText()
    {
        var path = Path.Combine(_dir.Path, "ppl.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"tokens\":[1,5,9,13]}", "{\"text\":\"the cat sat\"}"]);
        var tasks = new TaskSet([new TaskDefinition("ppl", TaskKind.Perplexity, path, "nll", 1)]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, tasks, _tokenizer);
        var plan = TailoringPlan.Dense(4, 2);
        var score = (await evaluator.EvaluateAsync(plan, EvaluationBudget.Full))["ppl"];
        using var model = stitcher.Build(plan);
        var expected = new SequenceScorer(model.Model).ScoreNll([[1, 5, 9, 13], _tokenizer.Encode("the cat sat")]);
        Assert.Equal(expected.MeanNll, score.Value, 12);
        Assert.Equal(ObjectiveDirection.Minimize, score.Direction);
    }

    [Fact]
    public async Task HonoursCancellation()
    {
        var path = Path.Combine(_dir.Path, "ppl.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"tokens\":[1,5,9,13]}"]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, new TaskSet([new TaskDefinition("ppl", TaskKind.Perplexity, path, "nll", 1)]), _tokenizer);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluator.EvaluateAsync(TailoringPlan.Dense(4, 2), EvaluationBudget.Full, cts.Token));
    }
}
