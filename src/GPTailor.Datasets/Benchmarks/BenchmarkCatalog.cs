namespace GPTailor.Datasets;

/// <summary>
/// The built-in benchmarks, by lm-eval task name: <c>mmlu</c> (group of 57), <c>arc_easy</c>, <c>arc_challenge</c>,
/// <c>hellaswag</c>, <c>piqa</c>, <c>boolq</c>, <c>openbookqa</c>, <c>winogrande</c>, <c>wsc</c> (SuperGLUE
/// <c>wsc.fixed</c>), <c>wsc_custom</c> (the GPTailor reference code's A/B prompt) and <c>lambada_openai</c>.
/// </summary>
public static class BenchmarkCatalog
{
    private static readonly Benchmark[] All =
    [
        new MmluBenchmark(), new ArcBenchmark("arc_easy"), new ArcBenchmark("arc_challenge"), new HellaSwagBenchmark(), new PiqaBenchmark(),
        new BoolQBenchmark(), new OpenBookQaBenchmark(), new WinograndeBenchmark(), new WscBenchmark(), new WscCustomBenchmark(), new LambadaBenchmark(),
    ];

    /// <summary>Every built-in benchmark, in the order above.</summary>
    public static IReadOnlyList<Benchmark> Benchmarks => All;

    /// <summary>The benchmark called <paramref name="name"/>.</summary>
    /// <exception cref="TaskFormatException">No built-in benchmark has that name.</exception>
    public static Benchmark Get(string name) =>
        All.FirstOrDefault(b => b.Name == name) ?? throw new TaskFormatException($"unknown built-in task '{name}' (built in: {string.Join(", ", All.Select(b => b.Name))}).");
}
