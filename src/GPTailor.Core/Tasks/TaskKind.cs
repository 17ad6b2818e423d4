namespace GPTailor;

/// <summary>The kind of a calibration or test task.</summary>
public enum TaskKind
{
    /// <summary>lm-eval-harness style multiple choice scored by continuation log-likelihood.</summary>
    MultipleChoice,

    /// <summary>Negative log-likelihood / perplexity of texts or token sequences.</summary>
    Perplexity,

    /// <summary>A built-in lm-eval benchmark (<see cref="DatasetSource.Benchmark"/>) read from its dataset files.</summary>
    Benchmark,

    /// <summary>A multiple-choice task built from a custom dataset's columns by a <see cref="PromptTemplate"/>.</summary>
    Template,
}
