using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Benchmarks;

/// <summary>
/// Saves the runs of one (problem, optimizer) as JSON after they finish (<c>--save DIR</c>), so that a long benchmark
/// keeps what it measured, several processes can share the problems, and <c>--render DIR</c> makes one report of all.
/// </summary>
internal static class SearchBenchmarkResults
{
    /// <summary>Writes the runs of <paramref name="label"/>; runs from a first seed above 0 go to a file of their own (merged by <see cref="Load"/>).</summary>
    public static void Save(string directory, ProblemResult problem, string label, SearchBenchmarkSettings settings, int firstSeed = 0)
    {
        Directory.CreateDirectory(directory);
        var runs = new JsonArray(problem.Runs.Where(r => r.Optimizer == label).Select(r => (JsonNode)new JsonObject
        {
            ["seed"] = r.Seed,
            ["distinct"] = r.Distinct,
            ["layer_forwards"] = r.LayerForwards,
            ["layer_forwards_saved"] = r.LayerForwardsSaved,
            ["curve"] = new JsonArray(r.Curve.Select(v => (JsonNode?)(double.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray()),
            ["returned"] = new JsonArray(r.Returned.Select(kv => (JsonNode)new JsonObject
            {
                ["horizon"] = kv.Key,
                ["calibration"] = kv.Value.Calibration,
                ["test"] = kv.Value.Test,
                ["budget"] = kv.Value.Budget,
            }).ToArray()),
        }).ToArray());
        var node = new JsonObject
        {
            ["problem"] = problem.Name,
            ["description"] = problem.Description,
            ["optimum"] = problem.Optimum,
            ["optimizer"] = label,
            ["seconds"] = problem.Seconds.GetValueOrDefault(label),
            ["trials"] = settings.Trials,
            ["random_trials"] = settings.RandomTrials,
            ["seeds"] = settings.Seeds,
            ["design"] = settings.Design,
            ["runs"] = runs,
        };
        File.WriteAllText(Path.Combine(directory, $"{problem.Name}--{label.Replace('/', '_')}{(firstSeed > 0 ? $"--from-seed-{firstSeed}" : "")}.json"), node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    /// <summary>
    /// Every saved (problem, optimizer) in the comma-separated <paramref name="directories"/>, grouped by problem in the
    /// order of <paramref name="order"/> (runs of one optimizer saved in several files, e.g. more seeds later, are
    /// merged; a seed saved twice is an error), and the settings of the first file with the most seeds of any optimizer.
    /// </summary>
    public static (IReadOnlyList<ProblemResult> Problems, SearchBenchmarkSettings Settings) Load(string directories, IReadOnlyList<string> order)
    {
        var files = directories.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(d => Directory.GetFiles(d, "*.json").Order(StringComparer.Ordinal))
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No benchmark results in {directories}.");
        }

        var first = files[0];
        var seeds = files.GroupBy(f => ((string)f["problem"]!, (string)f["optimizer"]!)).Max(g => g.SelectMany(f => f["runs"]!.AsArray()).Count());
        var settings = new SearchBenchmarkSettings((int)first["trials"]!, (int)first["random_trials"]!, seeds, (int)first["design"]!);
        var problems = new List<ProblemResult>();
        foreach (var group in files.GroupBy(f => (string)f["problem"]!).OrderBy(g => order.ToList().IndexOf(g.Key) is var i && i >= 0 ? i : int.MaxValue))
        {
            var head = group.First();
            var result = new ProblemResult(group.Key, (string)head["description"]!, (double?)head["optimum"]);
            foreach (var file in group)
            {
                var label = (string)file["optimizer"]!;
                result.Seconds[label] = result.Seconds.GetValueOrDefault(label) + (double)file["seconds"]!;
                foreach (var run in file["runs"]!.AsArray())
                {
                    if (result.Runs.Any(r => r.Optimizer == label && r.Seed == (int)run!["seed"]!))
                    {
                        throw new InvalidDataException($"{group.Key} {label}: seed {(int)run!["seed"]!} is saved twice.");
                    }

                    var outcome = new RunOutcome(label, (int)run!["seed"]!, run["curve"]!.AsArray().Select(v => v is null ? double.NaN : (double)v).ToArray()) { Distinct = (int)run["distinct"]!, LayerForwards = (long?)run["layer_forwards"], LayerForwardsSaved = (long?)run["layer_forwards_saved"] };
                    foreach (var r in run["returned"]!.AsArray())
                    {
                        outcome.Returned[(int)r!["horizon"]!] = ((double)r["calibration"]!, (double)r["test"]!, (int)r["budget"]!);
                    }

                    result.Runs.Add(outcome);
                }
            }

            problems.Add(result);
        }

        return (problems, settings);
    }
}

/// <summary>The benchmark's trial counts, seeds and initial design size.</summary>
internal sealed record SearchBenchmarkSettings(int Trials, int RandomTrials, int Seeds, int Design);
