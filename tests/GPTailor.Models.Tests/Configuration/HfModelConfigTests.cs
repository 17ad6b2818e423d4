using System.Text.Json.Nodes;

namespace GPTailor.Models.Tests;

public class HfModelConfigTests
{
    private const string Minimal = """{"architectures":["LlamaForCausalLM"],"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":100}""";

    private static string With(string key, JsonNode? value)
    {
        var o = JsonNode.Parse(Minimal)!.AsObject();
        o[key] = value;
        return o.ToJsonString();
    }

    [Fact]
    public void ParsesLlama2WithDefaults()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Llama2_7B);
        Assert.Equal("LlamaForCausalLM", c.Architecture.Name);
        Assert.Equal((4096, 11008, 32, 32, 32, 128), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal(1e-5, c.RmsNormEps);
        Assert.Equal(10000.0, c.RopeTheta);
        Assert.Equal(RopeScalingKind.None, c.RopeScaling.Kind);
        Assert.False(c.TieWordEmbeddings);
        Assert.False(c.AttentionBias);
        Assert.Equal("float16", c.TorchDtype);
        Assert.Equal([1], c.BosTokenIds);
        Assert.Equal([2], c.EosTokenIds);
        Assert.Null(c.SlidingWindow);
    }

    [Fact]
    public void MinimalConfigGetsHuggingFaceDefaults()
    {
        var c = HfModelConfig.Parse(Minimal);
        Assert.Equal(4, c.NumKeyValueHeads);
        Assert.Equal(16, c.HeadDim);
        Assert.Equal(1e-6, c.RmsNormEps);
        Assert.Equal(10000.0, c.RopeTheta);
        Assert.Empty(c.EosTokenIds);
        Assert.Null(c.TorchDtype);
    }

    [Fact]
    public void ParsesLlama31RopeScalingAndEosList()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Llama31_8B);
        Assert.Equal(new RopeScaling(RopeScalingKind.Llama3, 8.0, 1.0, 4.0, 8192), c.RopeScaling);
        Assert.Equal([128001, 128008, 128009], c.EosTokenIds);
        Assert.Equal(8, c.NumKeyValueHeads);
    }

    [Theory]
    [InlineData("""{"type":"linear","factor":2.0}""")]
    [InlineData("""{"rope_type":"linear","factor":2.0}""")]
    public void ParsesLinearScalingUnderBothKeys(string scaling)
    {
        var c = HfModelConfig.Parse(With("rope_scaling", JsonNode.Parse(scaling)));
        Assert.Equal(RopeScaling.Linear(2.0), c.RopeScaling);
    }

    [Theory]
    [InlineData("""{"type":"dynamic","factor":2.0}""", "dynamic")]
    [InlineData("""{"rope_type":"yarn","factor":4.0}""", "yarn")]
    [InlineData("""{"rope_type":"linear"}""", "factor")]
    [InlineData("""{"rope_type":"linear","factor":-1}""", "factor")]
    [InlineData("""{"rope_type":"llama3","factor":8.0,"low_freq_factor":4.0,"high_freq_factor":1.0,"original_max_position_embeddings":8192}""", "high_freq_factor")]
    public void RejectsUnsupportedOrInvalidRopeScaling(string scaling, string mentioned)
    {
        var e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(With("rope_scaling", JsonNode.Parse(scaling))));
        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsUnknownArchitectureListingSupportedOnes()
    {
        var json = Minimal.Replace("LlamaForCausalLM", "GPT2LMHeadModel", StringComparison.Ordinal);
        var e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(json));
        Assert.Contains("GPT2LMHeadModel", e.Message, StringComparison.Ordinal);
        Assert.Contains("LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hidden_size", "0")]
    [InlineData("hidden_size", "-64")]
    [InlineData("hidden_size", "64.5")]
    [InlineData("hidden_size", "\"64\"")]
    [InlineData("vocab_size", "1000000000")]
    [InlineData("num_hidden_layers", "100000")]
    [InlineData("num_key_value_heads", "3")]
    [InlineData("mlp_bias", "true")]
    [InlineData("hidden_act", "\"gelu\"")]
    [InlineData("rms_norm_eps", "0")]
    [InlineData("rope_theta", "-1")]
    [InlineData("head_dim", "7")]
    [InlineData("eos_token_id", "-1")]
    [InlineData("model_type", "\"mistral\"")]
    public void RejectsInvalidOrUnsupportedValues(string key, string value)
    {
        var e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(With(key, JsonNode.Parse(value))));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void RejectsHiddenNotDivisibleByHeadsWithoutHeadDimButAcceptsExplicitHeadDim()
    {
        Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(With("num_attention_heads", 6)));
        var o = JsonNode.Parse(With("num_attention_heads", 6))!.AsObject();
        o["head_dim"] = 16;
        Assert.Equal(16, HfModelConfig.Parse(o.ToJsonString()).HeadDim);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"hidden_size":64}""")]
    [InlineData("""{"architectures":["LlamaForCausalLM","MistralForCausalLM"],"hidden_size":64}""")]
    public void RejectsMalformedDocuments(string json) =>
        Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(json));

    [Fact]
    public void MissingRequiredKeyIsNamed()
    {
        var o = JsonNode.Parse(Minimal)!.AsObject();
        o.Remove("intermediate_size");
        var e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(o.ToJsonString()));
        Assert.Contains("intermediate_size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AttentionBiasFollowsTheArchitecture()
    {
        Assert.True(HfModelConfig.Parse(With("attention_bias", true)).AttentionBias);
        Assert.True(HfModelConfig.Parse(PublishedConfigs.Qwen25_7B).AttentionBias);
        var mistral = JsonNode.Parse(PublishedConfigs.Mistral7B_v01)!.AsObject();
        mistral["attention_bias"] = true;
        Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse(mistral.ToJsonString()));
    }

    [Fact]
    public void SlidingWindowFollowsHuggingFaceDefaults()
    {
        Assert.Equal(4096, HfModelConfig.Parse(PublishedConfigs.Mistral7B_v01).SlidingWindow);
        var mistral = JsonNode.Parse(PublishedConfigs.Mistral7B_v01)!.AsObject();
        mistral.Remove("sliding_window");
        Assert.Equal(4096, HfModelConfig.Parse(mistral.ToJsonString()).SlidingWindow);
        mistral["sliding_window"] = null;
        Assert.Null(HfModelConfig.Parse(mistral.ToJsonString()).SlidingWindow);
        Assert.Null(HfModelConfig.Parse(PublishedConfigs.Qwen25_7B).SlidingWindow);
        var qwen = JsonNode.Parse(PublishedConfigs.Qwen25_7B)!.AsObject();
        qwen["use_sliding_window"] = true;
        Assert.Equal(131072, HfModelConfig.Parse(qwen.ToJsonString()).SlidingWindow);
    }

    [Fact]
    public void ToJsonObjectRewritesLayerCountAndKeepsOtherKeys()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Llama2_7B);
        var o = c.ToJsonObject(numHiddenLayers: 24);
        Assert.Equal(24, o["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal("4.31.0.dev0", o["transformers_version"]!.GetValue<string>());
        Assert.Equal(1, o["pretraining_tp"]!.GetValue<int>());
        Assert.Equal(32, c.ToJsonObject()["num_hidden_layers"]!.GetValue<int>());
        var smaller = c.WithNumHiddenLayers(24);
        Assert.Equal(24, smaller.NumHiddenLayers);
        Assert.Equal(c.HiddenSize, smaller.HiddenSize);
    }

    [Fact]
    public void LoadReadsDirectoryAndReportsMissingFile()
    {
        var dir = Directory.CreateTempSubdirectory("gptailor-config-");
        try
        {
            Assert.Throws<FileNotFoundException>(() => HfModelConfig.Load(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, "config.json"), PublishedConfigs.Qwen25_7B);
            Assert.Equal(3584, HfModelConfig.Load(dir.FullName).HiddenSize);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadNamesTheFileForMalformedOrOversizedJson()
    {
        var dir = Directory.CreateTempSubdirectory("gptailor-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.json");
            File.WriteAllText(path, "{\"hidden_size\": 8,\n \"vocab_size\": }");
            var e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Load(dir.FullName));
            Assert.StartsWith($"'{path}': not valid JSON at line 2, byte ", e.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "{\"a\": \"" + new string('x', 5 << 20) + "\"}");
            e = Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Load(path));
            Assert.Contains($"above the {4 << 20}-byte limit", e.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "[]");
            Assert.Contains("must be a JSON object", Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Load(path)).Message, StringComparison.Ordinal);
            Assert.Contains("not valid JSON at line 1", Assert.Throws<UnsupportedModelException>(() => HfModelConfig.Parse("{\"a\":")).Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
