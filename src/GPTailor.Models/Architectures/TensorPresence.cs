namespace GPTailor.Models;

/// <summary>When a templated tensor exists in a checkpoint.</summary>
public enum TensorPresence
{
    /// <summary>Always present.</summary>
    Always,

    /// <summary>Present only when the configuration enables attention biases.</summary>
    WhenAttentionBias,

    /// <summary>Present only when input and output embeddings are not tied.</summary>
    WhenUntiedEmbeddings,
}
