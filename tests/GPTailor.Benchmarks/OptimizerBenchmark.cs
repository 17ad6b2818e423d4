using System.Diagnostics;
using System.Globalization;
using GPTailor.Search;

namespace GPTailor.Benchmarks;

/// <summary>
/// CMA-ES benchmarks: ask/tell overhead on a GPTailor-like mixed space (40 continuous + 120 binary + 40 continuous =
/// 200 coordinates) and evaluations to f &lt; 1e-8 on the 10-D sphere, ellipsoid and Rosenbrock functions.
/// Arguments: <c>--seeds N</c> (default 10), <c>--generations N</c> (default 200).
/// </summary>
public static class OptimizerBenchmark
{
    /// <summary>Runs the benchmarks and prints markdown tables; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var seeds = ReadInt(args, "--seeds", 10);
        var generations = ReadInt(args, "--generations", 200);
        Console.WriteLine("## CMA-ES ask/tell overhead (d = 200: 40 continuous + 120 binary + 40 continuous)");
        Console.WriteLine();
        Console.WriteLine("| λ | generations | µs per generation | µs per candidate |");
        Console.WriteLine("|---|---|---|---|");
        var (perGeneration, lambda) = Overhead(generations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {lambda} | {generations} | {perGeneration:F0} | {perGeneration / lambda:F0} |"));
        Console.WriteLine();
        Console.WriteLine($"## Evaluations to f < 1e-8, 10-D, default λ, median (max) over {seeds} seeds");
        Console.WriteLine();
        Console.WriteLine("| function | x0 | σ0 | median | max | solved |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("sphere", Sphere, 1, 0.5, seeds, 10_000);
        Row("ellipsoid (cond 1e6)", Ellipsoid, 1, 0.5, seeds, 30_000);
        Row("Rosenbrock", Rosenbrock, 0.1, 0.3, seeds, 30_000);
        return 0;
    }

    private static (double PerGeneration, int Lambda) Overhead(int generations)
    {
        const int n = 200;
        var kinds = Enumerable.Repeat(DimensionKind.Continuous, 40).Concat(Enumerable.Repeat(DimensionKind.Binary, 120)).Concat(Enumerable.Repeat(DimensionKind.Continuous, 40)).ToArray();
        var box = new SearchBox(new double[n], Enumerable.Repeat(1.0, n).ToArray(), kinds);
        var cma = new CmaEs(box, new CmaEsOptions { Seed = 1, Sigma0 = 0.3 });
        static double F(IReadOnlyList<double> x) => x.Select((v, i) => (v - 0.3 - 0.002 * i) * (v - 0.3 - 0.002 * i)).Sum();
        for (var g = 0; g < 5; g++)
        {
            Step(cma, F);
        }

        var watch = Stopwatch.StartNew();
        var evaluationTicks = 0L;
        for (var g = 0; g < generations && cma.StopReason == CmaEsStopReason.None; g++)
        {
            var asked = cma.Ask();
            var t0 = watch.ElapsedTicks;
            var observations = asked.Select(c => new Observation(c, F(c.Coordinates))).ToArray();
            evaluationTicks += watch.ElapsedTicks - t0;
            cma.Tell(observations);
        }

        var overheadSeconds = (watch.ElapsedTicks - evaluationTicks) / (double)Stopwatch.Frequency;
        return (overheadSeconds * 1e6 / generations, cma.PopulationSize);
    }

    private static void Step(CmaEs cma, Func<IReadOnlyList<double>, double> f)
    {
        var asked = cma.Ask();
        cma.Tell(asked.Select(c => new Observation(c, f(c.Coordinates))).ToArray());
    }

    private static void Row(string name, Func<IReadOnlyList<double>, double> f, double x0, double sigma0, int seeds, long budget)
    {
        var results = new List<long>();
        for (var s = 0; s < seeds; s++)
        {
            var cma = new CmaEs(SearchBox.Cube(10, -10, 10), new CmaEsOptions { Seed = (ulong)s + 1, Mean0 = Enumerable.Repeat(x0, 10).ToArray(), Sigma0 = sigma0 });
            results.Add(EvaluationsToTarget(cma, f, budget) ?? long.MaxValue);
        }

        var solved = results.Where(r => r != long.MaxValue).Order().ToArray();
        var median = results.Order().ElementAt(results.Count / 2);
        var medianText = median == long.MaxValue ? "—" : median.ToString(CultureInfo.InvariantCulture);
        var maxText = solved.Length == results.Count ? solved[^1].ToString(CultureInfo.InvariantCulture) : "—";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {x0} | {sigma0} | {medianText} | {maxText} | {solved.Length}/{results.Count} |"));
    }

    private static long? EvaluationsToTarget(CmaEs cma, Func<IReadOnlyList<double>, double> f, long budget)
    {
        long count = 0;
        while (count < budget && cma.StopReason == CmaEsStopReason.None)
        {
            var observations = new List<Observation>();
            foreach (var c in cma.Ask())
            {
                var value = f(c.Coordinates);
                count++;
                if (value < 1e-8)
                {
                    return count;
                }

                observations.Add(new Observation(c, value));
            }

            cma.Tell(observations);
        }

        return null;
    }

    private static double Sphere(IReadOnlyList<double> x) => x.Sum(v => v * v);

    private static double Ellipsoid(IReadOnlyList<double> x) => x.Select((v, i) => Math.Pow(10, 6.0 * i / (x.Count - 1)) * v * v).Sum();

    private static double Rosenbrock(IReadOnlyList<double> x) =>
        Enumerable.Range(0, x.Count - 1).Sum(i => 100 * Math.Pow(x[i] * x[i] - x[i + 1], 2) + Math.Pow(x[i] - 1, 2));

    private static int ReadInt(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
