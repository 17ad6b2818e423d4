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

            await DemoRunner.RunAsync(new DemoOptions { OutputDirectory = r.GetValue(output)!, FamilyDirectory = r.GetValue(familyDir), Seed = r.GetValue(seed), Trials = r.GetValue(trials) }, console.Error, ct).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
