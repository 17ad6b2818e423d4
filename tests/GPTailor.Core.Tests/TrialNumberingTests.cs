namespace GPTailor.Core.Tests;

public sealed class TrialNumberingTests
{
    private static readonly TailoringPlan Plan = TailoringPlan.Dense(4, 0);

    private static TrialRequest Request(long id, double x) => new(id, new SearchPoint(id, [x]), 10);

    private static TrialRecord Finished(long trial, long request, double x, bool failed = false) =>
        new(trial, request, request, 10, [x], Plan, "hash", failed ? null : new TaskScores([new TaskScore("t", "acc", 0.5, ObjectiveDirection.Maximize, 10)]), failed ? "boom" : null, 0.1);

    [Fact]
    public void ANewRunNumbersTrialsByPositionAfterTheEarlierBatches()
    {
        var numbering = new TrialNumbering([]);
        var first = numbering.Number([Request(0, 0.1), Request(1, 0.2), Request(2, 0.3)], [], maxTrials: 100);
        Assert.Equal([0L, 1, 2], first.ToEvaluate.Select(r => r.Trial));
        Assert.Equal([0, 1, 2], first.ToEvaluate.Select(r => r.Index));
        Assert.All(first.Reused, Assert.Null);

        var done = new[] { Finished(0, 0, 0.1), Finished(1, 1, 0.2), Finished(2, 2, 0.3, failed: true) };
        var second = numbering.Number([Request(3, 0.4), Request(4, 0.5)], done, maxTrials: 100);
        Assert.Equal([3L, 4], second.ToEvaluate.Select(r => r.Trial));
        Assert.False(numbering.WasJournaled(3));
    }

    [Fact]
    public void AResumedBatchReusesJournaledTrialsAndNumbersTheLostOnesWhereTheyWere()
    {
        // Batch two (requests 3..6) was interrupted: trials 4 and 6 had finished (out of order), 3 and 5 were lost.
        var journal = new[] { Finished(0, 0, 0.1), Finished(1, 1, 0.2), Finished(2, 2, 0.3), Finished(6, 6, 0.7), Finished(4, 4, 0.5) };
        var numbering = new TrialNumbering(journal);
        var batch = new[] { Request(3, 0.4), Request(4, 0.5), Request(5, 0.6), Request(6, 0.7) };
        var numbered = numbering.Number(batch, journal.OrderBy(t => t.Trial).ToArray(), maxTrials: 100);

        Assert.Equal([3L, 5], numbered.ToEvaluate.Select(r => r.Trial));
        Assert.Equal([0, 2], numbered.ToEvaluate.Select(r => r.Index));
        Assert.Same(journal[4], numbered.Reused[1]);
        Assert.Same(journal[3], numbered.Reused[3]);
        Assert.True(numbering.WasJournaled(4));
        Assert.False(numbering.WasJournaled(5));
    }

    [Fact]
    public void AJournaledTrialForAnotherPointIsNotReused()
    {
        var journal = new[] { Finished(0, 0, 0.1) };
        var numbered = new TrialNumbering(journal).Number([Request(0, 0.9)], journal, maxTrials: 100);
        Assert.Null(numbered.Reused[0]);
        Assert.Single(numbered.ToEvaluate);
    }

    [Fact]
    public void OnlyAsManyTrialsAsTheLimitLeavesAreEvaluated()
    {
        var done = new[] { Finished(0, 0, 0.1), Finished(1, 1, 0.2) };
        var numbered = new TrialNumbering(done).Number([Request(2, 0.3), Request(3, 0.4), Request(4, 0.5)], done, maxTrials: 3);
        Assert.Equal([2L], numbered.ToEvaluate.Select(r => r.Trial));
        Assert.All(numbered.Reused, Assert.Null);
    }

    [Fact]
    public void AJournaledTrialWithoutAnOutcomeIsEvaluatedAgain()
    {
        var unfinished = new TrialRecord(0, 0, 0, 10, [0.1], Plan, "hash", null, null, 0.1);
        var numbering = new TrialNumbering([unfinished]);
        Assert.False(numbering.WasJournaled(0));
        Assert.Null(numbering.Number([Request(0, 0.1)], [], maxTrials: 5).Reused[0]);
    }
}
