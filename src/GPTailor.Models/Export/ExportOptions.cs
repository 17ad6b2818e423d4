namespace GPTailor.Models;

/// <summary>Settings of <see cref="TailoredModelExporter"/>.</summary>
public sealed class ExportOptions
{
    /// <summary>Stored dtype: <c>bfloat16</c>, <c>float32</c> or <c>source</c> (the base config's torch_dtype).</summary>
    public string DType { get; set; } = "bfloat16";

    /// <summary>Largest shard in bytes (Hugging Face's default is 5 GB; ours 2 GB).</summary>
    public long MaxShardBytes { get; set; } = 2L * 1000 * 1000 * 1000;

    /// <summary>Replace an existing output directory.</summary>
    public bool Force { get; set; }
}
