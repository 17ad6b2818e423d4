namespace GPTailor.Cli;

/// <summary><c>gptailor apply --family F --plan P --out DIR</c>: export the tailored model as a Hugging Face directory.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var plans = new PlanOptions();
        var output = new Option<string>("--out") { Description = "Output directory.", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Stored dtype: bfloat16, float32 or source.", DefaultValueFactory = _ => "bfloat16" };
        var shard = new Option<string>("--shard-size") { Description = "Largest shard, e.g. 2GB, 500MB.", DefaultValueFactory = _ => "2GB" };
        var force = new Option<bool>("--force") { Description = "Replace a previous export at --out (only a folder an export wrote; anything else is refused)." };
        var command = new Command("apply", "Write a plan's tailored model as a Hugging Face directory (safetensors, config, tokenizer, plan, model card).") { plans.Family, plans.Plan, output, dtype, shard, force, plans.AnchorQuirk };
        command.SetAction(r => CliErrors.Run(console, () =>
        {
            var (f, p) = plans.Open(r);
            using var familyScope = f;
            var options = new ExportOptions { DType = ExportOptions.ParseDType(r.GetValue(dtype)!), MaxShardBytes = ByteSize.Parse(r.GetValue(shard)!), Force = r.GetValue(force), Inputs = [new ExportInput(r.GetValue(plans.Plan)!, "the plan file"), new ExportInput(r.GetValue(plans.Family)!, "the family file")] };
            var written = TailoredModelExporter.Export(f, p, r.GetValue(output)!, options, new Progress<string>(m => console.Error.WriteLine(m)));
            console.Out.WriteLine($"wrote {written} ({p.Layers.Count} of {p.SourceLayerCount} layers)");
            return 0;
        }));
        return command;
    }
}
