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
            var status = Status(score);
            if (r.GetValue(json))
            {
                var result = new JsonObject { ["tokens"] = score.TokenCount, ["nll"] = Finite(score.TotalNll), ["perplexity"] = Finite(score.Perplexity) };
                if (status is not null)
                {
                    result["status"] = status;
                }

                console.Out.WriteLine(result.ToJsonString());
            }
            else
            {
                var text = string.Create(CultureInfo.InvariantCulture, $"sequences  {sequences.Count}\ntokens     {score.TokenCount}\nnll        {Text(score.TotalNll, "R")}\nperplexity {Text(score.Perplexity, "G6")}");
                console.Out.WriteLine(status switch
                {
                    null => text,
                    NoTokens => text + $"\nstatus     {NoTokens} (no sequence has two or more tokens, so nothing is predicted)",
                    _ => text + $"\nstatus     {status} (a value is NaN or infinite: the model's output is not finite, or exp(mean nll) overflows)",
                });
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private const string NoTokens = "no-tokens";

    /// <summary>Null when every number is finite (the output is then exactly as before); else <c>no-tokens</c> or <c>non-finite</c>.</summary>
    private static string? Status(SequenceScore score) =>
        score.TokenCount == 0 ? NoTokens
        : double.IsFinite(score.TotalNll) && double.IsFinite(score.Perplexity) ? null
        : "non-finite";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Text(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
