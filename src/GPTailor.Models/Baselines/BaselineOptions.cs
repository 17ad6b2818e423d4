namespace GPTailor.Models;

/// <summary>Settings shared by the importance metrics and the pruning baselines.</summary>
public sealed class BaselineOptions
{
    /// <summary>Calibration sequences per forward pass (≥ 1). Sequences are sorted by length and right-padded.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Longest calibration sequence (≥ 2); longer ones keep their first <c>MaxLength</c> tokens.</summary>
    public int MaxLength { get; set; } = 2048;

    /// <summary>
    /// Count padding positions in the token statistics of the metrics. Default false: only real tokens count. The
    /// official ShortGPT code includes padding (it has no masking); set true (with <see cref="PadTokenId"/> = eos) to
    /// imitate it. Padded positions are then computed as ordinary tokens under causal attention, so the result depends
    /// on how sequences are batched.
    /// </summary>
    public bool IncludePadding { get; set; }

    /// <summary>Token id written at padded positions (must be inside the vocabulary).</summary>
    public int PadTokenId { get; set; }

    /// <summary>
    /// Use the output after the final RMSNorm as the last hidden state X_N (Hugging Face's <c>output_hidden_states</c>
    /// convention, so the block influence of the last layer compares a pre-norm input with a post-norm output, as the
    /// official ShortGPT code does). False: X_N is the last layer's raw output. Applies to <c>bi</c> and <c>angular</c>.
    /// </summary>
    public bool LastStateAfterFinalNorm { get; set; } = true;

    /// <summary>Compute dtype (Float16 only on CUDA).</summary>
    public ComputeDType ComputeDType { get; set; } = ComputeDType.Float32;

    /// <summary>Device (checked to exist; resolve a CUDA fallback first with <see cref="ComputeDevice.Resolve(out string?)"/>).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    /// <summary>Memory budget of the stitcher cache used by SLEB and LaCo (bytes).</summary>
    public long CacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>LaCo hyper-parameters.</summary>
    public LacoOptions Laco { get; set; } = new();

    /// <summary>Optional progress messages (one line each).</summary>
    public IProgress<string>? Progress { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"Batch size must be ≥ 1; got {BatchSize}.");
        }

        if (MaxLength < 2)
        {
            throw new ArgumentException($"Max length must be ≥ 2; got {MaxLength}.");
        }

        if (PadTokenId < 0)
        {
            throw new ArgumentException($"Pad token id must be ≥ 0; got {PadTokenId}.");
        }

        ArgumentNullException.ThrowIfNull(ComputeDType);
        ArgumentNullException.ThrowIfNull(Device);
        ArgumentNullException.ThrowIfNull(Laco);
        Laco.Validate();
    }
}
