namespace GPTailor.Workflows.Tests;

public sealed class SearchProgressBarTests
{
    [Fact]
    public void DrawsTrialBudgetBestScoresAndTimes()
    {
        using var writer = new StringWriter();
        var best = new TaskScores([new TaskScore("sort", "acc", 0.5, ObjectiveDirection.Maximize, 10), new TaskScore("facts", "acc", 0.25, ObjectiveDirection.Maximize, 10)]);

        new SearchProgressBar(writer).Report(new SearchProgress(7, 28, 100, best, TimeSpan.FromSeconds(61), TimeSpan.FromMinutes(2)));

        // 7 of 28 trials fill a quarter of the 28-character bar; no newline before the last trial.
        Assert.Equal("\r[#######.....................] 7/28 budget 100 best sort=0.500 facts=0.250 00:01:01 eta 00:02:00   ", writer.ToString());
    }

    [Fact]
    public void ShowsTheShareOfLayerForwardsThePrefixCacheSaved()
    {
        using var writer = new StringWriter();
        var counters = new Dictionary<string, long> { [GPTailor.Models.TaskSetEvaluator.LayerForwardsCounter] = 300, [GPTailor.Models.TaskSetEvaluator.LayerForwardsSavedCounter] = 100 };

        new SearchProgressBar(writer).Report(new SearchProgress(2, 4, 10, null, TimeSpan.Zero, null) { Counters = counters });

        Assert.EndsWith(" 00:00:00 layers saved 25%   ", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EndsTheLineAtTheLastTrial()
    {
        using var writer = new StringWriter();

        new SearchProgressBar(writer).Report(new SearchProgress(4, 4, 10, null, TimeSpan.Zero, null));

        Assert.Equal("\r[############################] 4/4 budget 10 00:00:00   " + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public void LinesModeWritesOneLinePerReportWithoutCarriageReturns()
    {
        using var writer = new StringWriter();
        var bar = new SearchProgressBar(writer) { Lines = true };
        var best = new TaskScores([new TaskScore("sort", "acc", 0.5, ObjectiveDirection.Maximize, 10)]);
        for (var trial = 1; trial <= 3; trial++)
        {
            bar.Report(new SearchProgress(trial, 3, 10, trial > 1 ? best : null, TimeSpan.FromSeconds(trial), trial < 3 ? TimeSpan.FromSeconds(3 - trial) : null));
        }

        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Equal(
            ["trial 1/3 budget 10 00:00:01 eta 00:00:02", "trial 2/3 budget 10 best sort=0.500 00:00:02 eta 00:00:01", "trial 3/3 budget 10 best sort=0.500 00:00:03"],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void LinesModeEndsEachLineWithTheStatusSetBeforeIt()
    {
        using var writer = new StringWriter();
        var bar = new SearchProgressBar(writer) { Lines = true };
        bar.Report(new SearchProgress(1, 3, 10, null, TimeSpan.FromSeconds(1), null));
        bar.Status = "workers: 2 alive, 1 busy, 1 trial in flight, 0 retries";
        bar.Report(new SearchProgress(2, 3, 10, null, TimeSpan.FromSeconds(2), null));
        bar.Status = "workers: 1 alive, 0 busy, 0 trials in flight, 1 retry, 1 lost";
        bar.Report(new SearchProgress(3, 3, 10, null, TimeSpan.FromSeconds(3), null));

        Assert.Equal(
            ["trial 1/3 budget 10 00:00:01", "trial 2/3 budget 10 00:00:02 | workers: 2 alive, 1 busy, 1 trial in flight, 0 retries", "trial 3/3 budget 10 00:00:03 | workers: 1 alive, 0 busy, 0 trials in flight, 1 retry, 1 lost"],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
