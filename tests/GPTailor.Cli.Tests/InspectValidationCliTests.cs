using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Cli.Tests;

/// <summary>
/// <c>inspect</c> checks the tensor set and shapes against the architecture (the check <c>validate</c> and the loader
/// use) and exits 1 naming what is wrong; a directory where a checkpoint file belongs is named as such.
/// </summary>
[Collection("torch")]
public sealed class InspectValidationCliTests : IDisposable
{
    private const string QProj = "model.layers.2.self_attn.q_proj.weight";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ValidModelStillExitsZeroWithTheSameLines()
    {
        var model = WriteModel("ok", _ => { });
        var (code, stdout, stderr) = CliRunner.Run("inspect", model);
        Assert.True(code == 0, stderr);
        var keys = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(
            ["architecture", "num_hidden_layers", "parameters", "hidden_size", "intermediate_size", "num_attention_heads",
             "num_key_value_heads", "vocab_size", "tie_word_embeddings", "dtypes", "tensors", "shards", "tokenizer"],
            keys);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void CheckpointMissingALayersQueryProjectionIsRefused()
    {
        var model = WriteModel("no-q", tensors => tensors.Remove(QProj));
        var (code, stdout, stderr) = CliRunner.Run("inspect", model);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
        Assert.Contains($"lacks tensor '{QProj}'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(1, CliRunner.Run("inspect", model, "--json").Code);
    }

    [Fact]
    public void ConfigWhoseShapesDisagreeWithTheTensorsIsRefused()
    {
        var model = WriteModel("shapes", _ => { });
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(model, "config.json")))!.AsObject();
        config["intermediate_size"] = 80;
        File.WriteAllText(Path.Combine(model, "config.json"), config.ToJsonString());
        var (code, _, stderr) = CliRunner.Run("inspect", model);
        Assert.Equal(1, code);
        Assert.Contains("has shape", stderr, StringComparison.Ordinal);
        Assert.Contains("the configuration implies", stderr, StringComparison.Ordinal);
        Assert.Contains("80", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelSafetensorsThatIsADirectoryIsNamedAsSuch()
    {
        var model = Path.Combine(_dir.Path, "dir-model");
        Directory.CreateDirectory(Path.Combine(model, "model.safetensors"));
        File.WriteAllText(Path.Combine(model, "config.json"), RandomFamily.Config().ToJsonString());
        var (code, _, stderr) = CliRunner.Run("inspect", model);
        Assert.Equal(1, code);
        Assert.Contains("model.safetensors' is a directory", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("holds neither", stderr, StringComparison.Ordinal);
    }

    private string WriteModel(string name, Action<Dictionary<string, torch.Tensor>> edit)
    {
        using var scope = torch.NewDisposeScope();
        var config = RandomFamily.Config();
        var tensors = RandomFamily.RandomTensors(config, seed: 3);
        edit(tensors);
        return RandomFamily.WriteModel(Path.Combine(_dir.Path, name), config, tensors);
    }
}
