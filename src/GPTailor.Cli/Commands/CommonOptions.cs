namespace GPTailor.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> DType(string defaultValue = "float32") => new("--dtype")
    {
        Description = "Compute dtype: float32 or bfloat16 (float16 checkpoints are computed in bfloat16/float32 on CPU).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "cpu or cuda (falls back to cpu with a warning when CUDA is not available).",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<int> BatchSize() => new("--batch-size") { Description = "Sequences per forward pass.", DefaultValueFactory = _ => 8 };

    public static Option<int> MaxLength() => new("--max-length") { Description = "Longest sequence; longer ones are truncated.", DefaultValueFactory = _ => 2048 };

    /// <summary><c>--merge-on-device GIB</c>: <see cref="TorchSharpEvaluatorOptions.SourceCacheBytes"/> in GiB (search and worker).</summary>
    public static Option<double> MergeOnDevice() => new("--merge-on-device")
    {
        Description = "Merge layers on the compute device (meant for --device cuda) from the members' tensors, keeping up to this many GiB of them there; 0 (default) merges on the CPU.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>Bytes of a <c>--merge-on-device</c> value in GiB.</summary>
    /// <exception cref="ArgumentException">Negative, not finite, or beyond 2^63 bytes.</exception>
    public static long MergeOnDeviceBytes(double gib) =>
        double.IsFinite(gib) && gib >= 0 && gib * 1024 * 1024 * 1024 < long.MaxValue ? (long)(gib * 1024 * 1024 * 1024)
        : throw new ArgumentException($"--merge-on-device must be a number of GiB ≥ 0, not {gib.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

    /// <summary>Warns on stderr that <c>--merge-on-device</c> is slower than the default merge when the device is the CPU.</summary>
    public static void WarnIfMergingOnCpu(CliConsole console, ComputeDevice device, long sourceCacheBytes)
    {
        if (sourceCacheBytes > 0 && !device.IsCuda)
        {
            console.Error.WriteLine("warning: --merge-on-device is meant for CUDA; on the CPU it merges about 2× slower than the default streamed merge (the scores are the same).");
        }
    }

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout." };

    public static Option<string> Model(string description = "Model directory.") => new("--model") { Description = description, Required = true };

    public static Option<string> Family() => new("--family") { Description = "family.json: {\"base\":\"dir\",\"candidates\":[\"dir\",...]}", Required = true };

    public static Option<string> Plan() => new("--plan") { Description = "Plan file (GPTailor plan JSON or a reference flat configuration).", Required = true };

    public static Option<bool> AnchorQuirk() => new("--reference-anchor-quirk")
    {
        Description = "When importing a reference flat configuration, anchor merged layers on the base layer at the output index (bit-exact replay of the released code).",
    };

    /// <summary>Adds the compute options to a command, in their order (lets a command's initializer list them as one item).</summary>
    public static void Add(this Command command, ComputeOptions options)
    {
        command.Add(options.DType);
        command.Add(options.Device);
        command.Add(options.BatchSize);
        command.Add(options.MaxLength);
    }

    /// <summary>Opens the family named by the <c>--family</c> option.</summary>
    public static ModelFamily OpenFamily(ParseResult result, Option<string> family) =>
        ModelFamily.Open(FamilyManifest.Load(result.GetValue(family)!));

    /// <summary>Checks batch size and maximum length, then parses the compute dtype (float32 or bfloat16) once.</summary>
    public static ComputeDType Validate(int batchSize, int maxLength, string dtype)
    {
        if (batchSize < 1 || maxLength < 2)
        {
            throw new ArgumentException("--batch-size must be ≥ 1 and --max-length ≥ 2.");
        }

        return ComputeDType.TryParse(dtype, out var parsed) && parsed != ComputeDType.Float16
            ? parsed
            : throw new ArgumentException($"--dtype {dtype} is not supported (float32 or bfloat16).");
    }
}
