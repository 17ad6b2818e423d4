namespace GPTailor.Workflows.Tests;

public sealed class DemoReportTests
{
    private static readonly DemoRow[] Rows =
    [
        new("dense", 8, new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.25 }, 0.375, 100),
        new("GPTailor", 6, new Dictionary<string, double> { ["a"] = 0.625, ["b"] = 0.3 }, 0.4612, 123.33333),
    ];

    [Fact]
    public void TableIsMarkdownWithPercentagesToOneDecimal()
    {
        var expected = string.Join(Environment.NewLine,
            "| method | layers | a | b | average | retained |",
            "|---|---:|---:|---:|---:|---:|",
            "| dense | 8 | 50.0 | 25.0 | 37.5 | 100.0 % |",
            "| GPTailor | 6 | 62.5 | 30.0 | 46.1 | 123.3 % |",
            string.Empty);

        Assert.Equal(expected, DemoReport.Table(Rows, ["a", "b"]));
    }

    [Fact]
    public void JsonKeepsFullPrecision()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(DemoReport.Json(Rows))!.AsArray();

        Assert.Equal(2, json.Count);
        Assert.Equal("GPTailor", json[1]!["method"]!.GetValue<string>());
        Assert.Equal(0.3, json[1]!["scores"]!["b"]!.GetValue<double>());
        Assert.Equal(123.33333, json[1]!["retained"]!.GetValue<double>());
    }
}
