using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Writes a plan's tailored model as a Hugging Face directory: <c>config.json</c> (base config with
/// <c>num_hidden_layers</c> updated), sharded safetensors with an index, the base tokenizer files,
/// <c>gptailor-plan.json</c>, <c>mergekit_config.yml</c> where expressible and a README model card. Everything is
/// written to a temporary directory beside the target and swapped in at the end, so a failure never leaves a
/// half-written model. Where it may write is decided by <see cref="ExportTarget"/>: never over the family's members or
/// <see cref="ExportOptions.Inputs"/>, and over an existing non-empty directory only with
/// <see cref="ExportOptions.Force"/> and only when that directory is a previous export.
/// </summary>
public static class TailoredModelExporter
{
    /// <summary>Files copied from the base model directory when present.</summary>
    public static IReadOnlyList<string> TokenizerFiles { get; } =
        ["tokenizer.json", "tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt", "generation_config.json"];

    /// <summary>Exports the plan; returns the output directory.</summary>
    /// <exception cref="ExportException">The target overlaps an input, exists (without force, or is not a previous
    /// export), is being written by another export, or the dtype is unknown.</exception>
    public static string Export(ModelFamily family, TailoringPlan plan, string outputDirectory, ExportOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options ??= new ExportOptions();
        var target = ExportTarget.CheckOverlap(outputDirectory, family.Members.Select(ExportInput.Member).Concat(options.Inputs));
        var stored = options.DType ?? SourceDType(family);
        var dtypeName = stored.Name;
        var dtype = stored.ScalarType;

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var exportLock = ExportTarget.Lock(target);
        ExportTarget.SweepLeftovers(target);
        ExportTarget.CheckReplaceable(target, options.Force);
        var temp = ExportTarget.TemporaryPath(target);
        Directory.CreateDirectory(temp);
        try
        {
            using (var stitcher = new PlanStitcher(family, new StitcherOptions { ComputeDType = ComputeDType.Float32, CacheBytes = 0 }))
            using (var model = stitcher.Build(plan))
            {
                progress?.Report("writing config.json");
                var config = family.BaseConfig.ToJsonObject(plan.Layers.Count);
                config["torch_dtype"] = dtypeName;
                config["vocab_size"] = family.BaseConfig.VocabSize;
                config["tie_word_embeddings"] = model.HeadTiedToEmbeddings;
                File.WriteAllText(Path.Combine(temp, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

                progress?.Report("writing safetensors");
                var tensors = StitchedTensors.Of(model).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                var specs = tensors.Select(kv => new TensorSpec(kv.Key, dtype, kv.Value.shape)).ToArray();
                ShardedSafetensorsWriter.Write(temp, specs, name => tensors[name].to(dtype), options.MaxShardBytes, new Dictionary<string, string> { ["format"] = "pt" });
            }

            foreach (var file in TokenizerFiles)
            {
                var source = Path.Combine(family.BaseDirectory, file);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(temp, file));
                }
            }

            PlanJson.Save(plan, Path.Combine(temp, "gptailor-plan.json"));
            var yaml = MergekitRecipe.TryWrite(plan, family.Members);
            if (yaml is not null)
            {
                File.WriteAllText(Path.Combine(temp, "mergekit_config.yml"), yaml);
            }

            File.WriteAllText(Path.Combine(temp, "README.md"), ModelCard.Write(plan, family.Members, dtypeName));
            FiniteTensorCheck.ThrowIfNotFinite(temp);
            ExportTarget.Publish(temp, target);
            progress?.Report($"wrote {target}");
            return target;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    private static ComputeDType SourceDType(ModelFamily family) =>
        ComputeDType.TryParse(family.BaseConfig.TorchDtype, out var dtype) ? dtype : ComputeDType.BFloat16;
}
