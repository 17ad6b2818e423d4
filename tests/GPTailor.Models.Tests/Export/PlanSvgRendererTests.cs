using System.Xml.Linq;

namespace GPTailor.Models.Tests;

public class PlanSvgRendererTests
{
    [Fact]
    public void DrawsRemovedLayersCrossedAndMergedLayersWithLambda()
    {
        var plan = new GPTailorGenotype
        {
            LayerCount = 5,
            CandidateCount = 2,
            Removed = [1, 3],
            Selected = [[true, false], [false, false], [true, true], [false, false], [false, false]],
            Lambda = [0.5, 0.5, 0.625, 0.5, 0.5],
        }.ToPlan();
        var svg = XDocument.Parse(PlanSvgRenderer.Render(plan, ["base", "math & code", "chat"], "test <plan>"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(4, svg.Descendants(ns + "line").Count()); // two crosses
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToArray();
        Assert.Contains("λ=0.63", texts);
        Assert.Contains("math & code", texts);
        Assert.Contains("test <plan>", texts);
        Assert.Contains(texts, t => t.Contains("removed: 1, 3", StringComparison.Ordinal));
    }
}
