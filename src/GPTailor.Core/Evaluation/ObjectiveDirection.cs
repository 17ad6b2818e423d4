namespace GPTailor;

/// <summary>Whether a higher or a lower task score is better.</summary>
public enum ObjectiveDirection
{
    /// <summary>Higher is better (accuracy).</summary>
    Maximize,

    /// <summary>Lower is better (negative log-likelihood, perplexity).</summary>
    Minimize,
}
