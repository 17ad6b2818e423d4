using System.Globalization;
using System.Xml.Linq;

namespace GPTailor.Core.Tests;

public sealed class AnytimeCurveTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _root = Directory.CreateTempSubdirectory("gptailor-anytime-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TrialRecord Trial(long number, double? acc, double? nll)
    {
        var plan = TailoringPlan.Dense(4, 1);
        var scores = acc is null ? null : new TaskScores([new TaskScore("qa", "acc", acc.Value, ObjectiveDirection.Maximize, 10), new TaskScore("text", "nll", nll!.Value, ObjectiveDirection.Minimize, 10)]);
        return new TrialRecord(number, number, number, 10, [0.0], plan, plan.ComputeHash(), scores, scores is null ? "failed" : null, 0.1);
    }

    [Fact]
    public void SeriesAreTheBestScoreSoFarPerTaskInTrialOrder()
    {
        // Out of order on purpose, with a failed trial: best so far by hand, maximised acc and minimised nll.
        var series = AnytimeCurve.Series([Trial(2, 0.3, 2.0), Trial(0, 0.2, 3.0), Trial(3, null, null), Trial(1, 0.5, 4.0), Trial(4, 0.4, 1.5)]);
        Assert.Equal(["qa (acc)", "text (nll)"], series.Select(s => s.Name));
        Assert.Equal([(1.0, 0.2), (2.0, 0.5), (3.0, 0.5), (5.0, 0.5)], series[0].Points);
        Assert.Equal([(1.0, 3.0), (2.0, 3.0), (3.0, 2.0), (5.0, 1.5)], series[1].Points);
    }

    [Fact]
    public void TheChartIsWellFormedWithOnePolylinePerSeriesAndEscapedText()
    {
        var svg = SvgLineChart.Render("a < b & \"c\"", "x <", "y >", [new ChartSeries("one & two", [(1, 2), (2, double.NaN), (3, 4)]), new ChartSeries("<three>", [(1, 1)])]);
        var document = XDocument.Parse(svg);
        var lines = document.Descendants(Svg + "polyline").ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal([2, 1], lines.Select(l => PointsOf(l).Length)); // the NaN point is left out
        Assert.Equal(["one & two", "<three>"], lines.Select(l => l.Element(Svg + "title")!.Value));
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "a < b & \"c\"");
    }

    [Fact]
    public async Task EverySearchRunDirectoryGetsTheCurveAtTheEndAndOnResume()
    {
        var space = new GPTailorSearchSpace(new GPTailorSearchSpaceOptions { LayerCount = 6, CandidateCount = 2, RemoveCount = 2 });
        SearchDriver Driver(AnalyticEvaluator evaluator, int trials) =>
            new(space, new OneBudgetScheduler(new HillClimber(space.Box, 42), 50), evaluator, new ParEgoScalarizer(2, 3), new SearchDriverOptions { MaxTrials = trials, MaxConcurrency = 1 });
        var dir = Path.Combine(_root, "run");
        var result = await Driver(new AnalyticEvaluator(), 12).RunAsync(dir);
        AssertCurve(dir, result, 12);

        var longer = await Driver(new AnalyticEvaluator(), 20).RunAsync(dir, resume: true);
        AssertCurve(dir, longer, 20);
    }

    private static void AssertCurve(string dir, SearchResult result, int trials)
    {
        var document = XDocument.Load(Path.Combine(dir, "anytime.svg"));
        var lines = document.Descendants(Svg + "polyline").ToArray();
        Assert.Equal(result.BestScores.Scores.Select(s => $"{s.Task} ({s.Metric})"), lines.Select(l => l.Element(Svg + "title")!.Value));
        foreach (var line in lines)
        {
            var points = PointsOf(line);
            Assert.Equal(trials, points.Length);
            Assert.True(points.Zip(points.Skip(1)).All(p => p.Second.X > p.First.X), "x increases with the trial number");
            Assert.True(points.Zip(points.Skip(1)).All(p => p.Second.Y <= p.First.Y), "best so far of a maximised score never falls (SVG y grows downwards)");
        }
    }

    private static (double X, double Y)[] PointsOf(XElement polyline) =>
        polyline.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();
}
