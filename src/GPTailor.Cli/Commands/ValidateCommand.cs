namespace GPTailor.Cli;

/// <summary><c>gptailor validate --family family.json</c>: headers-only compatibility check.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var family = CommonOptions.Family();
        var command = new Command("validate", "Check that a family's models are compatible, reading only configs and safetensors headers.") { family };
        command.SetAction(r => CliErrors.Run(console, () =>
        {
            using var f = CommonOptions.OpenFamily(r, family);
            console.Out.WriteLine($"ok: {f.Architecture}, {f.LayerCount} layers, {f.CandidateCount} candidates, {f.TotalParameters:N0} parameters per model");
            foreach (var m in f.Members)
            {
                console.Out.WriteLine($"  [{m.Index}] {(m.IsBase ? "base" : "candidate " + (m.Index - 1)),-12} {m.Directory}");
            }

            return 0;
        }));
        return command;
    }
}
