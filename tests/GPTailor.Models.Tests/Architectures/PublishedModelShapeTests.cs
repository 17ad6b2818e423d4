
namespace GPTailor.Models.Tests;

/// <summary>Expected tensors and parameter totals of real models, checked against their published parameter counts.</summary>
public class PublishedModelShapeTests
{
    [Theory]
    [InlineData(PublishedConfigs.Llama2_7B, 6_738_415_616L, 291)]
    [InlineData(PublishedConfigs.Llama3_8B, 8_030_261_248L, 291)]
    [InlineData(PublishedConfigs.Mistral7B_v01, 7_241_732_096L, 291)]
    [InlineData(PublishedConfigs.Qwen25_7B, 7_615_616_512L, 339)]
    public void ParameterTotalsMatchPublishedCounts(string json, long published, int tensorCount)
    {
        var c = HfModelConfig.Parse(json);
        var expected = c.Architecture.ExpectedTensors(c);
        Assert.Equal(published, c.ParameterCount);
        Assert.Equal(published, expected.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
        Assert.Equal(tensorCount, expected.Count);
    }

    [Fact]
    public void Llama3ShapesUseGroupedKeyValueHeads()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Llama3_8B);
        var t = c.Architecture.ExpectedTensors(c);
        Assert.Equal([128256L, 4096], t["model.embed_tokens.weight"]);
        Assert.Equal([4096L, 4096], t["model.layers.31.self_attn.q_proj.weight"]);
        Assert.Equal([1024L, 4096], t["model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal([1024L, 4096], t["model.layers.7.self_attn.v_proj.weight"]);
        Assert.Equal([4096L, 4096], t["model.layers.3.self_attn.o_proj.weight"]);
        Assert.Equal([14336L, 4096], t["model.layers.0.mlp.gate_proj.weight"]);
        Assert.Equal([14336L, 4096], t["model.layers.0.mlp.up_proj.weight"]);
        Assert.Equal([4096L, 14336], t["model.layers.0.mlp.down_proj.weight"]);
        Assert.Equal([4096L], t["model.layers.0.input_layernorm.weight"]);
        Assert.Equal([4096L], t["model.layers.0.post_attention_layernorm.weight"]);
        Assert.Equal([4096L], t["model.norm.weight"]);
        Assert.Equal([128256L, 4096], t["lm_head.weight"]);
        Assert.DoesNotContain("model.layers.32.input_layernorm.weight", t.Keys);
        Assert.DoesNotContain(t.Keys, k => k.EndsWith(".bias", StringComparison.Ordinal));
    }

    [Fact]
    public void Qwen2HasQkvBiasesButNoOutputBias()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Qwen25_7B);
        var t = c.Architecture.ExpectedLayerTensors(c, 27);
        Assert.Equal([3584L], t["model.layers.27.self_attn.q_proj.bias"]);
        Assert.Equal([512L], t["model.layers.27.self_attn.k_proj.bias"]);
        Assert.Equal([512L], t["model.layers.27.self_attn.v_proj.bias"]);
        Assert.DoesNotContain("model.layers.27.self_attn.o_proj.bias", t.Keys);
        Assert.Equal(12, t.Count);
    }

    [Fact]
    public void LlamaAttentionBiasAddsFourBiasesPerLayer()
    {
        var json = PublishedConfigs.Llama3_8B.Replace("\"attention_bias\":false", "\"attention_bias\":true", StringComparison.Ordinal);
        var c = HfModelConfig.Parse(json);
        var t = c.Architecture.ExpectedLayerTensors(c, 0);
        Assert.Equal(13, t.Count);
        Assert.Equal([4096L], t["model.layers.0.self_attn.o_proj.bias"]);
        Assert.Equal(8_030_261_248L + (32L * (4096 + 1024 + 1024 + 4096)), c.ParameterCount);
    }

    [Fact]
    public void TiedEmbeddingsDropTheHeadAndCountOnce()
    {
        var untied = HfModelConfig.Parse(PublishedConfigs.Llama2_7B);
        var tied = HfModelConfig.Parse(PublishedConfigs.Llama2_7B.Replace("\"tie_word_embeddings\":false", "\"tie_word_embeddings\":true", StringComparison.Ordinal));
        Assert.DoesNotContain("lm_head.weight", tied.Architecture.ExpectedTensors(tied).Keys);
        Assert.Equal(untied.ParameterCount - (32000L * 4096), tied.ParameterCount);
    }

    [Fact]
    public void ParametersPerLayerOfLlama2()
    {
        var c = HfModelConfig.Parse(PublishedConfigs.Llama2_7B);
        Assert.Equal((4L * 4096 * 4096) + (3L * 4096 * 11008) + (2 * 4096), c.Architecture.ParametersPerLayer(c));
    }

    [Fact]
    public void RegistryRejectsUnknownNames()
    {
        Assert.Same(ArchitectureRegistry.Qwen2, ArchitectureRegistry.Get("Qwen2ForCausalLM"));
        Assert.Throws<UnsupportedModelException>(() => ArchitectureRegistry.Get("PhiForCausalLM"));
    }
}
