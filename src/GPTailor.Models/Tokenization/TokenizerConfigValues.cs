namespace GPTailor.Models;

/// <summary>BOS/EOS settings read from <c>tokenizer_config.json</c> and <c>config.json</c> (all optional).</summary>
internal sealed record TokenizerConfigValues(
    bool? AddBos,
    string? BosToken,
    string? EosToken,
    int? ConfigBosId,
    int? ConfigEosId,
    string TokenizerConfigPath,
    string ModelConfigPath);
