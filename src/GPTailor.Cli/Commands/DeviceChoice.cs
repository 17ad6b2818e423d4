using TorchSharp;

namespace GPTailor.Cli;

/// <summary>Falls back from CUDA to CPU with a clear message when CUDA is not available.</summary>
internal static class DeviceChoice
{
    public static string Resolve(string requested, CliConsole console)
    {
        if (requested.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
        {
            console.Error.WriteLine($"warning: --device {requested} requested but CUDA is not available (no GPU or a CPU-only libtorch package); using cpu. Add a CUDA backend package (e.g. libtorch-cuda-12.8-linux-x64) to use the GPU.");
            return "cpu";
        }

        return requested;
    }
}
