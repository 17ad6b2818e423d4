namespace GPTailor.Models.Tests;

/// <summary>A model that yields NaN log-likelihoods makes the evaluation fail with a typed error, never a number.</summary>
[Collection("torch")]
public sealed class NonFiniteScoreTests : IDisposable
{
    private const string PoisonedTensor = "model.layers.1.mlp.down_proj.weight";
    private readonly TempDirectory _dir = new();
    private readonly ModelFamily _family;
    private readonly HfTokenizer _tokenizer;

    public NonFiniteScoreTests()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2, vocab: 300);
        string[] corpus = ["add 12+30 = 42", "reverse abc = cba", "the cat sat on the mat", "sort dcba = abcd"];
        ByteLevelBpeTrainer.Train(corpus, 300, ["<s>", "</s>"], manifest.Members[0].Directory);
        RandomFamily.SetTensor(manifest.Members[1].Directory, PoisonedTensor);
        _family = ModelFamily.Open(manifest);
        _tokenizer = HfTokenizer.Load(manifest.Members[0].Directory);
    }

    public void Dispose()
    {
        _family.Dispose();
        _dir.Dispose();
    }

    /// <summary>Layer 1 from candidate 0 (member 1), whose mlp.down_proj is NaN.</summary>
    private static TailoringPlan PoisonedPlan() => TailoringPlan.BaseWithout(4, 2, [2]) with
    {
        Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(1) }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }],
    };

    [Theory]
    [InlineData("acc")]
    [InlineData("acc_norm")]
    public async Task MultipleChoiceWithNaNLogLikelihoodsIsAnErrorNotAnAccuracy(string metric)
    {
        var path = Path.Combine(_dir.Path, "mc.jsonl");
        // Gold = 0 everywhere: the old code reported accuracy 1.0 for a NaN model (every comparison with NaN is false).
        await File.WriteAllLinesAsync(path, ["{\"context\":\"add 12+30 =\",\"choices\":[\"42\",\"43\"],\"gold\":0}", "{\"context\":\"the cat sat on the\",\"choices\":[\"mat\",\"hat\"],\"gold\":0}"]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, new TaskSet([new TaskDefinition("mc", TaskKind.MultipleChoice, path, metric, 1)]), _tokenizer);
        var ok = await evaluator.EvaluateAsync(TailoringPlan.Dense(4, 2), EvaluationBudget.Full);
        Assert.True(double.IsFinite(ok["mc"].Value));

        var ex = await Assert.ThrowsAsync<NonFiniteScoreException>(() => evaluator.EvaluateAsync(PoisonedPlan(), EvaluationBudget.Full));
        Assert.Equal("mc", ex.Task);
        Assert.Equal(0, ex.Document);
        Assert.Contains("Task 'mc', document 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nll")]
    [InlineData("perplexity")]
    public async Task PerplexityWithANaNModelIsAnErrorNamingTheDocument(string metric)
    {
        var path = Path.Combine(_dir.Path, "ppl.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"tokens\":[1]}", "{\"tokens\":[1,5,9,13]}", "{\"text\":\"the cat sat\"}"]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, new TaskSet([new TaskDefinition("ppl", TaskKind.Perplexity, path, metric, 1)]), _tokenizer);
        var ok = await evaluator.EvaluateAsync(TailoringPlan.Dense(4, 2), EvaluationBudget.Full);
        Assert.True(double.IsFinite(ok["ppl"].Value));

        var ex = await Assert.ThrowsAsync<NonFiniteScoreException>(() => evaluator.EvaluateAsync(PoisonedPlan(), EvaluationBudget.Full));
        Assert.Equal("ppl", ex.Task);
        Assert.Equal(1, ex.Document); // document 0 has one token: nothing is predicted, so it is not to blame
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerplexityTaskWithoutAPredictedTokenIsAnError()
    {
        var path = Path.Combine(_dir.Path, "short.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"tokens\":[1]}", "{\"tokens\":[7]}"]);
        using var stitcher = new PlanStitcher(_family);
        using var evaluator = new TaskSetEvaluator(stitcher, new TaskSet([new TaskDefinition("short", TaskKind.Perplexity, path, "nll", 1)]), _tokenizer);
        var ex = await Assert.ThrowsAsync<NonFiniteScoreException>(() => evaluator.EvaluateAsync(TailoringPlan.Dense(4, 2), EvaluationBudget.Full));
        Assert.Equal("short", ex.Task);
        Assert.Equal(-1, ex.Document);
        Assert.Contains("no token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultipleChoiceScorerNamesTheDocumentWithoutATask()
    {
        using var stitcher = new PlanStitcher(_family);
        using var model = stitcher.Build(PoisonedPlan());
        var docs = new[] { new MultipleChoiceDocument("add 12+30 =", ["42", "43"], 1) };
        var ex = Assert.Throws<NonFiniteScoreException>(() => new MultipleChoiceScorer(_tokenizer).Score(new SequenceScorer(model.Model), docs));
        Assert.Equal(0, ex.Document);
    }
}
