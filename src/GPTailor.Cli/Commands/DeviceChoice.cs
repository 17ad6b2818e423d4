namespace GPTailor.Cli;

/// <summary>Parses <c>--device</c> once and falls back from CUDA to CPU with a clear message (<see cref="ComputeDevice.Resolve(out string?)"/>).</summary>
internal static class DeviceChoice
{
    public static ComputeDevice Resolve(string requested, CliConsole console)
    {
        var device = ComputeDevice.Parse(requested).Resolve(out var warning);
        if (warning is not null)
        {
            console.Error.WriteLine($"warning: --device {warning}");
        }

        return device;
    }
}
