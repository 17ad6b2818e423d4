
namespace GPTailor.Models;

/// <summary>
/// Header-only compatibility rules of a family: same architecture, sizes, heads, layer count and RoPE; every expected
/// tensor present with its shape; candidate vocabularies may only add rows beyond the base vocabulary (ignored).
/// </summary>
internal static class FamilyCompatibility
{
    public static IReadOnlyList<string> Check(IReadOnlyList<FamilyMember> members, IReadOnlyList<HfModelConfig> configs, IReadOnlyList<ICheckpoint> checkpoints)
    {
        var problems = new List<string>();
        var b = configs[0];
        for (var i = 0; i < configs.Count; i++)
        {
            var c = configs[i];
            var name = members[i].Name;
            if (i > 0)
            {
                void Same<T>(string what, T baseValue, T value)
                {
                    if (!EqualityComparer<T>.Default.Equals(baseValue, value))
                    {
                        problems.Add($"{name}: {what} is {value}, the base has {baseValue}");
                    }
                }

                Same("architecture", b.Architecture.Name, c.Architecture.Name);
                Same("hidden_size", b.HiddenSize, c.HiddenSize);
                Same("intermediate_size", b.IntermediateSize, c.IntermediateSize);
                Same("num_hidden_layers", b.NumHiddenLayers, c.NumHiddenLayers);
                Same("num_attention_heads", b.NumAttentionHeads, c.NumAttentionHeads);
                Same("num_key_value_heads", b.NumKeyValueHeads, c.NumKeyValueHeads);
                Same("head_dim", b.HeadDim, c.HeadDim);
                Same("rope_theta", b.RopeTheta, c.RopeTheta);
                Same("rope_scaling", b.RopeScaling, c.RopeScaling);
                Same("rms_norm_eps", b.RmsNormEps, c.RmsNormEps);
                Same("tie_word_embeddings", b.TieWordEmbeddings, c.TieWordEmbeddings);
                Same("attention_bias", b.AttentionBias, c.AttentionBias);
                if (c.VocabSize < b.VocabSize)
                {
                    problems.Add($"{name}: vocab_size {c.VocabSize} is smaller than the base's {b.VocabSize} (only added rows beyond the base vocabulary are allowed)");
                }
            }

            try
            {
                CausalLanguageModelLoader.ValidateCheckpoint(checkpoints[i], c);
            }
            catch (InvalidDataException ex)
            {
                problems.Add($"{name}: {ex.Message}");
            }
        }

        return problems;
    }
}
