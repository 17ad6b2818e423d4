namespace GPTailor.Cli;

/// <summary><c>gptailor demo [--out DIR]</c>: the main job on the embedded default family.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Output directory.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var familyDir = new Option<string?>("--family-dir") { Description = "Where to build or reuse the default family (default: the user cache)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the searches.", DefaultValueFactory = _ => 0 };
        var trials = new Option<int>("--trials") { Description = "Trials of the full GPTailor search.", DefaultValueFactory = _ => 120 };
        var command = new Command("demo", "Build or reuse the embedded model family, run every baseline and GPTailor at ~25% of layers removed, and print the results table.") { output, familyDir, seed, trials };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, async () =>
        {
            if (r.GetValue(trials) < 1)
            {
                throw new ArgumentException("--trials must be ≥ 1.");
            }

            var options = new DemoOptions
            {
                OutputDirectory = r.GetValue(output)!,
                FamilyDirectory = r.GetValue(familyDir),
                Seed = r.GetValue(seed),
                Trials = r.GetValue(trials),
                FamilyProgress = new FamilyProgressDisplay(console),
                SearchProgress = () => new SearchProgressDisplay(console),
                WriteTable = (rows, skills) => WriteTable(console, rows, skills),
            };
            await DemoRunner.RunAsync(options, console.Error, ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The results table on stderr (with the demo's other messages): scores in %, as in results.md.</summary>
    internal static void WriteTable(CliConsole console, IReadOnlyList<DemoRow> rows, IReadOnlyList<string> skills) =>
        CliTables.Write(
            console.Error,
            console.Interactive ? console.ErrorAnsi : null,
            ["method", ">layers", .. skills.Select(s => ">" + s), ">average", ">retained"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Method,
                r.Layers.ToString(CultureInfo.InvariantCulture),
                .. skills.Select(s => (r.Scores[s] * 100).ToString("F1", CultureInfo.InvariantCulture)),
                (r.Average * 100).ToString("F1", CultureInfo.InvariantCulture),
                r.Retained.ToString("F1", CultureInfo.InvariantCulture) + " %",
            ]));
}
