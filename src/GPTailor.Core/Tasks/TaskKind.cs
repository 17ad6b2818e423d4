namespace GPTailor;

/// <summary>The kind of a calibration or test task.</summary>
public enum TaskKind
{
    /// <summary>lm-eval-harness style multiple choice scored by continuation log-likelihood.</summary>
    MultipleChoice,

    /// <summary>Negative log-likelihood / perplexity of texts or token sequences.</summary>
    Perplexity,
}
