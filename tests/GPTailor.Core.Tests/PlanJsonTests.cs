
namespace GPTailor.Core.Tests;

public class PlanJsonTests
{
    private static TailoringPlan Sample() => new()
    {
        SourceLayerCount = 5,
        CandidateCount = 3,
        Layers =
        [
            new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(1) },
            new LayerRecipe { SourceLayer = 2, Merge = MergeRecipe.TaskArithmeticOf([1, 3], 0.625), AnchorLayer = 1 },
            new LayerRecipe { SourceLayer = 4, Merge = new MergeRecipe { Members = [1, 2], Method = MergeMethod.Linear, Weights = [1, 3] } },
        ],
        Embeddings = MergeRecipe.From(1),
        Head = new MergeRecipe { Members = [0, 2], Method = MergeMethod.Slerp, T = 0.25 },
        Description = "sample",
    };

    [Fact]
    public void RoundTripsThroughJson()
    {
        var plan = Sample();
        var back = PlanJson.Parse(PlanJson.Serialize(plan));
        Assert.Equal(plan.ComputeHash(), back.ComputeHash());
        Assert.Equal("sample", back.Description);
        Assert.Equal(1, back.Layers[1].AnchorLayer);
        Assert.Equal([1.0, 3.0], back.Layers[2].Merge.Weights!);
    }

    [Fact]
    public void HashIgnoresDescriptionButNotLambda()
    {
        var plan = Sample();
        Assert.Equal(plan.ComputeHash(), (plan with { Description = "other" }).ComputeHash());
        var changed = plan with { Layers = [plan.Layers[0], plan.Layers[1] with { Merge = MergeRecipe.TaskArithmeticOf([1, 3], 0.6251) }, plan.Layers[2]] };
        Assert.NotEqual(plan.ComputeHash(), changed.ComputeHash());
    }

    [Fact]
    public void HashIsComputedOncePerPlanObjectAndAWithCopyIsHashedAnew()
    {
        var plan = Sample();
        var first = plan.ComputeHash();
        Assert.Same(first, plan.ComputeHash()); // remembered, not recomputed
        Assert.Equal(PlanJson.ComputeHash(plan), first);

        // Hash a copy first, then change it: the copy must not inherit the original's remembered hash.
        var copy = plan with { Head = MergeRecipe.From(2) };
        Assert.NotEqual(first, copy.ComputeHash());
        Assert.Equal(PlanJson.ComputeHash(copy), copy.ComputeHash());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"other\"}")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[{\"source\":5,\"method\":\"passthrough\",\"members\":[0]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[{\"source\":1,\"members\":[0]},{\"source\":0,\"members\":[0]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[{\"source\":1,\"members\":[2]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":2,\"layers\":[{\"source\":1,\"method\":\"task_arithmetic\",\"members\":[1,2]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":2,\"layers\":[{\"source\":1,\"method\":\"ties\",\"members\":[1,2]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}")]
    public void RejectsMalformedPlans(string json) =>
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse(json));

    private const string Layer = "{\"source\":1,\"members\":[0]}";

    [Theory]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":\"4\",\"candidates\":1,\"layers\":[" + Layer + "],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}", "plan.source_layers must be an integer")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":1e400,\"candidates\":1,\"layers\":[" + Layer + "],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}", "is not an integer in")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[null],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}", "layers[0] must be an object")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[{\"source\":1,\"members\":[null]}],\"embeddings\":{\"members\":[0]},\"head\":{\"members\":[0]}}", "layers[0].members must be an integer")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[" + Layer + "],\"embeddings\":{\"members\":[0],\"lambda\":null},\"head\":{\"members\":[0]}}", "embeddings.lambda must be a number")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"source_layers\":4,\"candidates\":1,\"layers\":[" + Layer + "],\"embeddings\":{\"members\":[0]},\"head\":null}", "'head' must be an object")]
    [InlineData("{\"format\":\"gptailor-plan/1\",\"format\":\"gptailor-plan/1\"}", "Duplicate property 'format'")]
    [InlineData("{\"format\":\n[}", "not valid JSON at line 2, byte 2")]
    public void NullOrWrongKindFieldsAreValidationErrorsNamingTheField(string json, string expected)
    {
        var ex = Assert.Throws<PlanValidationException>(() => PlanJson.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanFileErrorsNameTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("gptailor-plan-").FullName;
        try
        {
            var path = Path.Combine(dir, "plan.json");
            File.WriteAllText(path, "{\"format\": 1}");
            var ex = Assert.Throws<PlanValidationException>(() => PlanJson.Load(path));
            Assert.StartsWith(path + ": Unknown plan format", ex.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "{\"format\": ");
            ex = Assert.Throws<PlanValidationException>(() => PlanJson.Load(path));
            Assert.StartsWith(path + ": not valid JSON at line 1", ex.Message, StringComparison.Ordinal);
            Assert.Contains("is a directory", Assert.Throws<FileNotFoundException>(() => PlanJson.Load(dir)).Message, StringComparison.Ordinal);
            Assert.Throws<FileNotFoundException>(() => PlanJson.Load(Path.Combine(dir, "none.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ImportsReferenceFlatConfiguration()
    {
        // A 6-layer, 3-candidate configuration in the reference code's flat format.
        var json = """
        {
          "remove_idx_0": 4, "remove_idx_1": 1,
          "layer_0_candidate_0": 1, "layer_0_candidate_1": 0, "layer_0_candidate_2": 0, "layer_0_merge_scale_factor": 0.9, "layer_0_output_scale": 1.5,
          "layer_2_candidate_0": 0, "layer_2_candidate_1": 0, "layer_2_candidate_2": 0, "layer_2_merge_scale_factor": 0.2,
          "layer_3_candidate_0": 1, "layer_3_candidate_1": 1, "layer_3_candidate_2": 0, "layer_3_merge_scale_factor": 0.6,
          "layer_5_candidate_0": 0, "layer_5_candidate_1": 1, "layer_5_candidate_2": 1, "layer_5_merge_scale_factor": 0.7
        }
        """;
        var plan = PlanJson.Parse(json, 6, 3);
        Assert.Equal([0, 2, 3, 5], plan.Layers.Select(l => l.SourceLayer));
        Assert.Equal([1], plan.Layers[0].Merge.Members);
        Assert.Equal([0], plan.Layers[1].Merge.Members);
        Assert.Equal(MergeMethod.TaskArithmetic, plan.Layers[2].Merge.Method);
        Assert.Equal(0.6, plan.Layers[2].Merge.Lambda!.Value);
        Assert.Equal(3, plan.Layers[2].EffectiveAnchorLayer);
        Assert.Equal([1], plan.Embeddings.Members);
        Assert.Equal([2, 3], plan.Head.Members);
        Assert.Equal(0.7, plan.Head.Lambda!.Value);

        var quirk = PlanJson.Parse(json, 6, 3, AnchorMode.OutputIndex);
        Assert.Equal(2, quirk.Layers[2].EffectiveAnchorLayer); // source 3 at output 2
        Assert.Equal(3, quirk.Layers[3].EffectiveAnchorLayer); // source 5 at output 3
    }

    [Fact]
    public void ReferenceImportRejectsBadValues()
    {
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 9}", 6, 3));
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 1, \"remove_idx_1\": 1}", 6, 3));
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 1, \"layer_0_candidate_5\": 1}", 6, 3));
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 1, \"bogus\": 1}", 6, 3));
        Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 1}"));
    }
}
