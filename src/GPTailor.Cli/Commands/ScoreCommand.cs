namespace GPTailor.Cli;

/// <summary><c>gptailor score --model DIR --data FILE.jsonl</c>: total NLL, predicted tokens and perplexity.</summary>
internal static class ScoreCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var data = new Option<string>("--data") { Description = "JSONL: {\"tokens\":[...]} (used as given) or {\"text\":\"...\"} (tokenized, BOS per config).", Required = true };
        var compute = new ComputeOptions();
        var json = CommonOptions.Json();
        var command = new Command("score", "Sum of -ln p(t_i | t_<i) for i ≥ 1 over all sequences, token count and perplexity.") { model, data, compute, json };
        command.SetAction((r, ct) => CliErrors.RunAsync(console, () =>
        {
            var computeDType = compute.Validate(r);
            var dir = r.GetValue(model)!;
            var sequences = CalibrationData.Read(dir, r.GetValue(data)!);
            using var lm = CausalLanguageModelLoader.Load(dir, new ModelLoadOptions(computeDType, compute.ResolveDevice(r, console)));
            var score = new SequenceScorer(lm, new ScoringOptions(r.GetValue(compute.BatchSize), r.GetValue(compute.MaxLength))).ScoreNll(sequences, cancellationToken: ct);
            if (r.GetValue(json))
            {
                console.Out.WriteLine(new JsonObject { ["tokens"] = score.TokenCount, ["nll"] = score.TotalNll, ["perplexity"] = score.Perplexity }.ToJsonString());
            }
            else
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sequences  {sequences.Count}\ntokens     {score.TokenCount}\nnll        {score.TotalNll:R}\nperplexity {score.Perplexity:G6}"));
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}
