namespace GPTailor.Core.Tests;

/// <summary>Merge parameters are bounded so that no valid plan can produce NaN or infinite weights.</summary>
public class PlanBoundsTests
{
    private static TailoringPlan WithLayer1(MergeRecipe merge) => TailoringPlan.BaseWithout(4, 2, [2]) with
    {
        Layers = [new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) }, new LayerRecipe { SourceLayer = 1, Merge = merge }, new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) }],
    };

    private static MergeRecipe Linear(params double[] weights) => new() { Members = [1, 2], Method = MergeMethod.Linear, Weights = weights };

    private static MergeRecipe Slerp(double t) => new() { Members = [1, 2], Method = MergeMethod.Slerp, T = t };

    public static TheoryData<string, double> OutOfRangeLambdas => new()
    {
        { "1e308", 1e308 },
        { "10.5", 10.5 },
        { "-11", -11 },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeLambdas))]
    public void TaskArithmeticLambdaIsBoundedToTen(string label, double lambda)
    {
        var problems = PlanValidator.Validate(WithLayer1(MergeRecipe.TaskArithmeticOf([1, 2], lambda)));
        Assert.True(problems.Count == 1, label);
        Assert.Contains("[-10, 10]", problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(-10.0)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void LambdaInsideTheRangeIsValid(double lambda) =>
        Assert.Empty(PlanValidator.Validate(WithLayer1(MergeRecipe.TaskArithmeticOf([1, 2], lambda))));

    [Theory]
    [InlineData(1e308, 1.0)]
    [InlineData(2e6, 1.0)]
    [InlineData(-1.0, 2.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    public void LinearWeightsMustBePositiveAndAtMostAMillion(double w0, double w1)
    {
        var problems = PlanValidator.Validate(WithLayer1(Linear(w0, w1)));
        Assert.Single(problems);
        Assert.Contains("(0, 1000000]", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void LinearWeightsInsideTheRangeAreValid() => Assert.Empty(PlanValidator.Validate(WithLayer1(Linear(1e-9, 1e6))));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void SlerpFactorMustBeInTheUnitInterval(double t) => Assert.Single(PlanValidator.Validate(WithLayer1(Slerp(t))));

    [Fact]
    public void CollapseCoefficientsAreBoundedByTheLargerOfTenAndTheLayerCount()
    {
        var plan = TailoringPlan.BaseWithout(4, 2, [2]) with
        {
            Layers =
            [
                new LayerRecipe { SourceLayer = 0, Merge = MergeRecipe.From(0) },
                new LayerRecipe { SourceLayer = 1, Merge = MergeRecipe.From(0), CollapsedLayers = [2], CollapseMode = CollapseMode.Rdsc, CollapseCoefficients = [100, -99] },
                new LayerRecipe { SourceLayer = 3, Merge = MergeRecipe.From(0) },
            ],
        };
        var problems = PlanValidator.Validate(plan);
        Assert.Single(problems);
        Assert.Contains("[-10, 10]", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void PlanFileWithAHugeLambdaIsRefusedWhenParsed()
    {
        var json = PlanJson.Serialize(WithLayer1(MergeRecipe.TaskArithmeticOf([1, 2], 0.5))).Replace("0.5", "1e308", StringComparison.Ordinal);
        var ex = Assert.Throws<PlanValidationException>(() => PlanJson.Parse(json));
        Assert.Contains("lambda", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceImportRefusesAScaleFactorOutsideTheRange()
    {
        var ok = PlanJson.Parse("{\"remove_idx_0\": 1, \"layer_0_candidate_0\": 1, \"layer_0_candidate_1\": 1, \"layer_0_merge_scale_factor\": 0.75}", 6, 3);
        Assert.Empty(PlanValidator.Validate(ok));
        var ex = Assert.Throws<PlanValidationException>(() => PlanJson.Parse("{\"remove_idx_0\": 1, \"layer_0_candidate_0\": 1, \"layer_0_candidate_1\": 1, \"layer_0_merge_scale_factor\": 1e308}", 6, 3));
        Assert.Contains("layer_0_merge_scale_factor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchSpaceLambdaBoundsStayInsideThePlanRange()
    {
        var defaults = new GPTailorSearchSpaceOptions { LayerCount = 8, CandidateCount = 3, RemoveCount = 2 };
        defaults.Validate();
        Assert.InRange(defaults.LambdaMin, -PlanValidator.MaxAbsLambda, PlanValidator.MaxAbsLambda);
        Assert.InRange(defaults.LambdaMax, -PlanValidator.MaxAbsLambda, PlanValidator.MaxAbsLambda);
        var wide = new GPTailorSearchSpaceOptions { LayerCount = 8, CandidateCount = 3, RemoveCount = 2, LambdaMax = 100 };
        Assert.Throws<ArgumentException>(wide.Validate);

        // Every corner of the default box decodes to a valid plan.
        var space = new GPTailorSearchSpace(defaults);
        foreach (var corner in new[] { space.Box.Lower, space.Box.Upper })
        {
            Assert.Empty(PlanValidator.Validate(space.Decode(corner.ToArray())));
        }
    }
}
