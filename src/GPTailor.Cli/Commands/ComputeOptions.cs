namespace GPTailor.Cli;

/// <summary>
/// The options of every command that runs a model, in the order they are listed: compute dtype, <c>--device</c>,
/// <c>--batch-size</c> and <c>--max-length</c>. Added to a command as one item (<see cref="CommonOptions.Add"/>).
/// </summary>
internal sealed class ComputeOptions
{
    /// <summary>Creates the options; <paramref name="dtype"/> replaces the default <c>--dtype</c> option.</summary>
    public ComputeOptions(Option<string>? dtype = null) => DType = dtype ?? CommonOptions.DType();

    public Option<string> DType { get; }

    public Option<string> Device { get; } = CommonOptions.Device();

    public Option<int> BatchSize { get; } = CommonOptions.BatchSize();

    public Option<int> MaxLength { get; } = CommonOptions.MaxLength();

    /// <summary>Checks batch size and maximum length, then parses the compute dtype (<see cref="CommonOptions.Validate"/>).</summary>
    public ComputeDType Validate(ParseResult result) =>
        CommonOptions.Validate(result.GetValue(BatchSize), result.GetValue(MaxLength), result.GetValue(DType)!);

    /// <summary>Parses <c>--device</c> once; falls back from CUDA to CPU with a warning on stderr (<see cref="ComputeDevice.Resolve(out string?)"/>).</summary>
    public ComputeDevice ResolveDevice(ParseResult result, CliConsole console)
    {
        var device = ComputeDevice.Parse(result.GetValue(Device)!).Resolve(out var warning);
        if (warning is not null)
        {
            console.Error.WriteLine($"warning: --device {warning}");
        }

        return device;
    }
}
