namespace GPTailor.Models;

/// <summary>A symbolic tensor dimension, resolved against a model configuration.</summary>
public enum TensorDimension
{
    /// <summary><c>vocab_size</c>.</summary>
    VocabSize,

    /// <summary><c>hidden_size</c>.</summary>
    HiddenSize,

    /// <summary><c>intermediate_size</c>.</summary>
    IntermediateSize,

    /// <summary><c>num_attention_heads × head_dim</c> (query projection width).</summary>
    QueryProjectionSize,

    /// <summary><c>num_key_value_heads × head_dim</c> (key and value projection width).</summary>
    KeyValueProjectionSize,
}
