namespace GPTailor.Models;

/// <summary>Batching and truncation for <see cref="SequenceScorer"/>.</summary>
/// <param name="BatchSize">Sequences per forward pass (≥ 1). Sequences are sorted by length before batching to limit padding.</param>
/// <param name="MaxLength">Longest sequence fed to the model (≥ 2). For NLL scoring the first <c>MaxLength</c> tokens of each
/// sequence are kept (right truncation); for continuations the context is truncated on the left.</param>
/// <param name="LogitRowsPerChunk">Token positions per head/log-softmax chunk (≥ 1), bounding the float32 logits buffer to
/// <c>LogitRowsPerChunk × vocab</c>.</param>
public sealed record ScoringOptions(int BatchSize = 8, int MaxLength = 1024, int LogitRowsPerChunk = 1024)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 2, nameof(MaxLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(LogitRowsPerChunk, 1, nameof(LogitRowsPerChunk));
    }
}
