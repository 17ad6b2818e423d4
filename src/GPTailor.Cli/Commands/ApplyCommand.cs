namespace GPTailor.Cli;

/// <summary><c>gptailor apply --family F --plan P --out DIR</c>: export the tailored model as a Hugging Face directory.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var family = CommonOptions.Family();
        var plan = CommonOptions.Plan();
        var output = new Option<string>("--out") { Description = "Output directory.", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Stored dtype: bfloat16, float32 or source.", DefaultValueFactory = _ => "bfloat16" };
        var shard = new Option<string>("--shard-size") { Description = "Largest shard, e.g. 2GB, 500MB.", DefaultValueFactory = _ => "2GB" };
        var force = new Option<bool>("--force") { Description = "Replace an existing output directory." };
        var quirk = CommonOptions.AnchorQuirk();
        var command = new Command("apply", "Write a plan's tailored model as a Hugging Face directory (safetensors, config, tokenizer, plan, model card).") { family, plan, output, dtype, shard, force, quirk };
        command.SetAction(r => CliErrors.Run(console, () =>
        {
            using var f = CommonOptions.OpenFamily(r, family);
            var p = PlanLoading.Load(r.GetValue(plan)!, f, r.GetValue(quirk));
            var options = new ExportOptions { DType = ExportOptions.ParseDType(r.GetValue(dtype)!), MaxShardBytes = ByteSize.Parse(r.GetValue(shard)!), Force = r.GetValue(force) };
            var written = TailoredModelExporter.Export(f, p, r.GetValue(output)!, options, new Progress<string>(m => console.Error.WriteLine(m)));
            console.Out.WriteLine($"wrote {written} ({p.Layers.Count} of {p.SourceLayerCount} layers)");
            return 0;
        }));
        return command;
    }
}
