namespace GPTailor.Models;

/// <summary>Settings of <see cref="TailoredModelExporter"/>.</summary>
public sealed class ExportOptions
{
    /// <summary>Stored dtype; null stores the base config's <c>torch_dtype</c> (the CLI's <c>source</c>). See <see cref="ParseDType"/>.</summary>
    public ComputeDType? DType { get; set; } = ComputeDType.BFloat16;

    /// <summary>Largest shard in bytes (Hugging Face's default is 5 GB; ours 2 GB).</summary>
    public long MaxShardBytes { get; set; } = 2L * 1000 * 1000 * 1000;

    /// <summary>
    /// Replace an existing non-empty output directory; only a previous export of ours (see
    /// <see cref="ExportTarget.IsPreviousExport"/>) is ever replaced, anything else is refused even with force.
    /// </summary>
    public bool Force { get; set; }

    /// <summary>
    /// Inputs the output must not be, contain or lie inside (task files, a run directory, a plan file). The family's
    /// member directories are always protected and need not be listed.
    /// </summary>
    public IReadOnlyList<ExportInput> Inputs { get; set; } = [];

    /// <summary>Parses a stored dtype: <c>bfloat16</c>, <c>float32</c>, <c>float16</c>, or <c>source</c> (null: the base config's).</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ExportException">Anything else.</exception>
    public static ComputeDType? ParseDType(string value) =>
        value == "source" ? null
        : ComputeDType.TryParse(value, out var dtype) ? dtype
        : throw new ExportException($"Unknown export dtype '{value}' (use bfloat16, float32 or source).");
}
