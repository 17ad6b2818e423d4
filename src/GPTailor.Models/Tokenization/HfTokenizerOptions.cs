namespace GPTailor.Models;

/// <summary>Options for <see cref="HfTokenizer.Load(string, HfTokenizerOptions?)"/>.</summary>
public sealed class HfTokenizerOptions
{
    /// <summary>The default bound on the size of <c>tokenizer.json</c> / <c>tokenizer.model</c>: 256 MiB.</summary>
    public const long DefaultMaxFileBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Overrides whether <see cref="HfTokenizer.Encode(string, bool?)"/> prepends the BOS token by default.
    /// <c>null</c> (default) uses the model files: <c>tokenizer_config.json</c> <c>add_bos_token</c>, else a
    /// <c>TemplateProcessing</c> post-processor that starts with a special token, else (for <c>tokenizer.model</c>)
    /// <c>true</c> when the model has a BOS id.
    /// </summary>
    public bool? AddBos { get; init; }

    /// <summary>Files larger than this are rejected with <see cref="TokenizerFormatException"/> before parsing.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>
    /// When <c>true</c>, <c>tokenizer.model</c> is used even if a <c>tokenizer.json</c> is present. Default <c>false</c>.
    /// </summary>
    public bool PreferSentencePieceModel { get; init; }
}
