namespace GPTailor.Search.Tests;

public sealed class HyperbandPlanTests
{
    [Fact]
    public void ReferenceBracketsMatchThePaperDigestTable()
    {
        // paper-digest §3.1: η = 3, 100 → 1000: 9→3→1 at 111/333/1000, 5→1 at 333/1000, 3 at 1000; 22 trials, 17 configs per round.
        var brackets = HyperbandPlan.Brackets(3, 100, 1000);
        Assert.Equal(3, brackets.Count);
        Assert.Equal([9, 3, 1], brackets[0].ConfigCounts);
        Assert.Equal([111, 333, 1000], brackets[0].IntegerBudgets);
        Assert.Equal([5, 1], brackets[1].ConfigCounts);
        Assert.Equal([333, 1000], brackets[1].IntegerBudgets);
        Assert.Equal([3], brackets[2].ConfigCounts);
        Assert.Equal([1000], brackets[2].IntegerBudgets);
        Assert.Equal(1000.0 / 9, brackets[0].Budgets[0], 1e-9);
        Assert.Equal([0, 1, 2], brackets[0].Levels);
        Assert.Equal([1, 2], brackets[1].Levels);
        Assert.Equal(22, brackets.Sum(b => b.TrialCount));
        Assert.Equal(17, HyperbandPlan.NewConfigsPerRound(3, 100, 1000));
    }

    [Fact]
    public void SmacFormulaGivesTheseCountsForR81()
    {
        // Li et al. 2018 (Hyperband), Table 1 for R = 81, η = 3 (s_max = 4); by the formula n0 = ceil(η^m (s_max+1)/(m+1)):
        // m=4: ceil(81·5/5)=81; m=3: ceil(27·5/4)=34; m=2: ceil(9·5/3)=15; m=1: ceil(3·5/2)=8; m=0: ceil(5)=5.
        var brackets = HyperbandPlan.Brackets(3, 1, 81);
        Assert.Equal([81, 27, 9, 3, 1], brackets[0].ConfigCounts);
        Assert.Equal([1, 3, 9, 27, 81], brackets[0].IntegerBudgets);
        Assert.Equal([34, 11, 3, 1], brackets[1].ConfigCounts);
        Assert.Equal([15, 5, 1], brackets[2].ConfigCounts);
        Assert.Equal([8, 2], brackets[3].ConfigCounts);
        Assert.Equal([5], brackets[4].ConfigCounts);
        Assert.Equal([81], brackets[4].IntegerBudgets);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new HyperbandOptions { Eta = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new HyperbandOptions { MinBudget = 2000 }.Validate());
        Assert.Throws<ArgumentException>(() => new HyperbandOptions { SuccessiveHalvingBracket = 3 }.Validate());
        new HyperbandOptions { SuccessiveHalvingBracket = 2 }.Validate();
    }

    [Fact]
    public void ParetoFrontsAndCrowdingDistanceMatchHandComputedValues()
    {
        double[][] costs = [[1, 5], [5, 1], [3, 3], [4, 4], [2, 6], [2, 4]];
        // Non-dominated: (1,5), (5,1), (3,3), (2,4). (4,4) is dominated by (3,3); (2,6) by (1,5).
        Assert.Equal([0, 0, 0, 1, 1, 0], ParetoRanking.Fronts(costs));
        // Front 0 sorted by f1: (1,5), (2,4), (3,3), (5,1); ranges 4 and 4.
        // (2,4): (3-1)/4 + (5-3)/4 = 1.0; (3,3): (5-2)/4 + (4-1)/4 = 1.5; ends infinite.
        var d = ParetoRanking.CrowdingDistances([costs[0], costs[1], costs[2], costs[5]]);
        Assert.Equal([double.PositiveInfinity, double.PositiveInfinity, 1.5, 1.0], d);
    }

    [Fact]
    public void ParetoPromotionDiffersFromScalarPromotion()
    {
        BracketConfig Config(double value, params double[] costs) => new() { Value = value, Costs = costs };
        BracketConfig[] members = [Config(0.9, 1, 5), Config(0.8, 5, 1), Config(0.1, 3, 3), Config(0.05, 4, 4), Config(0.7, 2, 6)];
        Assert.Equal([3, 2, 4, 1, 0], StagePromotion.Rank(members, PromotionRule.Scalar));
        // Fronts: {0, 1, 2} then {3, 4}; in front 0 the ends 0 and 1 (infinite crowding) beat 2, tie 0/1 by value.
        Assert.Equal([1, 0, 2, 3, 4], StagePromotion.Rank(members, PromotionRule.Pareto));
        Assert.Equal([1, 0, 2, 3, 4], StagePromotion.Rank(members, PromotionRule.Auto));
    }
}
