namespace GPTailor.Models;

/// <summary>What a tensor is for in the decoder, independent of how an architecture names it.</summary>
public enum TensorRole
{
    /// <summary>Token embedding matrix [vocab, hidden].</summary>
    Embeddings,

    /// <summary>Query projection weight.</summary>
    QueryWeight,

    /// <summary>Query projection bias.</summary>
    QueryBias,

    /// <summary>Key projection weight.</summary>
    KeyWeight,

    /// <summary>Key projection bias.</summary>
    KeyBias,

    /// <summary>Value projection weight.</summary>
    ValueWeight,

    /// <summary>Value projection bias.</summary>
    ValueBias,

    /// <summary>Attention output projection weight.</summary>
    OutputWeight,

    /// <summary>Attention output projection bias.</summary>
    OutputBias,

    /// <summary>SwiGLU gate projection weight.</summary>
    GateWeight,

    /// <summary>SwiGLU up projection weight.</summary>
    UpWeight,

    /// <summary>SwiGLU down projection weight.</summary>
    DownWeight,

    /// <summary>RMSNorm weight before attention.</summary>
    InputNorm,

    /// <summary>RMSNorm weight before the MLP.</summary>
    PostAttentionNorm,

    /// <summary>Final RMSNorm weight.</summary>
    FinalNorm,

    /// <summary>Output projection (language-model head) [vocab, hidden].</summary>
    LanguageModelHead,
}
