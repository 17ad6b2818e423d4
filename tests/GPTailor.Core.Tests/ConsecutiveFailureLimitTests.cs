namespace GPTailor.Core.Tests;

public sealed class ConsecutiveFailureLimitTests
{
    private static TrialRecord Trial(long n, string? error)
    {
        var nonFinite = error?.StartsWith(SearchDriver.NonFiniteErrorPrefix, StringComparison.Ordinal) == true;
        var plan = TailoringPlan.Dense(2, 0);
        var scores = error is null ? new TaskScores([new TaskScore("a", "acc", 0.5, ObjectiveDirection.Maximize, 1)]) : null;
        return new TrialRecord(n, n, n, 1, [0.5], plan, plan.ComputeHash(), scores, error, 0.1) { FailedNonFinite = nonFinite };
    }

    [Fact]
    public void StopsAtTheLimitOfFailuresInARowAndASuccessResetsTheCount()
    {
        var limit = new ConsecutiveFailureLimit(3);
        limit.Observe(Trial(0, "IOException: disk"));
        limit.Observe(Trial(1, "IOException: disk"));
        limit.Observe(Trial(2, null));
        limit.Observe(Trial(3, "IOException: disk"));
        limit.Observe(Trial(4, "IOException: disk"));

        var error = Assert.Throws<SearchFailedException>(() => limit.Observe(Trial(5, "IOException: disk")));
        Assert.Contains("3 trials failed in a row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteScoresAreThePlansFaultAndNeitherCountNorReset()
    {
        var limit = new ConsecutiveFailureLimit(2);
        for (var i = 0; i < 10; i++)
        {
            limit.Observe(Trial(i, SearchDriver.NonFiniteErrorPrefix + "mc acc = NaN")); // a broken fine-tune tried 10 times
        }

        limit.Observe(Trial(10, "IOException: disk"));
        limit.Observe(Trial(11, SearchDriver.NonFiniteErrorPrefix + "ppl nll = NaN")); // does not reset the run of real failures
        Assert.Throws<SearchFailedException>(() => limit.Observe(Trial(12, "IOException: disk")));
    }
}
