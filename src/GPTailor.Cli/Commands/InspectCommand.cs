namespace GPTailor.Cli;

/// <summary>
/// <c>gptailor inspect &lt;modelDir&gt; [--json]</c>: headers only. The tensor set and shapes are checked against the
/// architecture with the same check <c>validate</c> and the model loader use, so a broken model exits 1 naming what is wrong.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("modelDir") { Description = "A Hugging Face model directory." };
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a model's architecture, layers, parameters, dtypes, shards and tokenizer (reads headers only).") { dir, json };
        command.SetAction(r => CliErrors.Run(console, () =>
        {
            var info = Inspect(r.GetValue(dir)!);
            if (r.GetValue(json))
            {
                console.Out.WriteLine(info.ToJsonString());
            }
            else
            {
                foreach (var (key, value) in info)
                {
                    console.Out.WriteLine($"{key,-22} {(value is JsonArray a ? string.Join(", ", a.Select(x => x!.ToString())) : value?.ToString())}");
                }
            }

            return 0;
        }));
        return command;
    }

    public static JsonObject Inspect(string directory)
    {
        var config = HfModelConfig.Load(directory);
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        CausalLanguageModelLoader.ValidateCheckpoint(checkpoint, config);
        var infos = checkpoint.TensorNames.Select(checkpoint.GetInfo).ToArray();
        var shards = checkpoint is SafetensorsCheckpoint s ? s.Files.Count : infos.Select(i => i.File).Distinct().Count();
        string tokenizer;
        try
        {
            tokenizer = HfTokenizer.Load(directory) is var t ? $"{Path.GetFileName(t.SourceFile)} (vocabulary {t.VocabularySize.ToString(CultureInfo.InvariantCulture)})" : "none";
        }
        catch (Exception ex) when (ex is FileNotFoundException or TokenizerFormatException)
        {
            tokenizer = ex is FileNotFoundException ? "none" : "invalid: " + ex.Message;
        }

        return new JsonObject
        {
            ["architecture"] = config.Architecture.Name,
            ["num_hidden_layers"] = config.NumHiddenLayers,
            ["parameters"] = infos.Sum(i => i.ElementCount),
            ["hidden_size"] = config.HiddenSize,
            ["intermediate_size"] = config.IntermediateSize,
            ["num_attention_heads"] = config.NumAttentionHeads,
            ["num_key_value_heads"] = config.NumKeyValueHeads,
            ["vocab_size"] = config.VocabSize,
            ["tie_word_embeddings"] = config.TieWordEmbeddings,
            ["dtypes"] = new JsonArray(infos.Select(i => i.DType).Distinct().Order(StringComparer.Ordinal).Select(d => (JsonNode)d).ToArray()),
            ["tensors"] = infos.Length,
            ["shards"] = shards,
            ["tokenizer"] = tokenizer,
        };
    }
}
