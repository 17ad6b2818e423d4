using System.Globalization;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Where models compute: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. Parsed once at the edge; <see cref="Resolve(out string?)"/>
/// is the one place that falls back from CUDA to the CPU (with a warning) when CUDA is not available, and
/// <see cref="ToTorchDevice"/> the one place that checks the device exists.
/// </summary>
public sealed record ComputeDevice
{
    private ComputeDevice(bool isCuda, int? index)
    {
        IsCuda = isCuda;
        Index = index;
    }

    /// <summary>The CPU.</summary>
    public static ComputeDevice Cpu { get; } = new(false, null);

    /// <summary>The current CUDA device.</summary>
    public static ComputeDevice Cuda { get; } = new(true, null);

    /// <summary>True for <c>cuda</c> and <c>cuda:N</c>.</summary>
    public bool IsCuda { get; }

    /// <summary>N of <c>cuda:N</c>; null otherwise.</summary>
    public int? Index { get; }

    /// <summary>CUDA device <paramref name="index"/> (<c>cuda:N</c>).</summary>
    /// <param name="index">Zero-based device index.</param>
    public static ComputeDevice CudaAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ComputeDevice(true, index);
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive).</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ArgumentException">Anything else; the message lists the valid forms.</exception>
    public static ComputeDevice Parse(string value) =>
        TryParse(value, out var device)
            ? device
            : throw new ArgumentException($"Device '{value}' is not supported; valid values: cpu, cuda, cuda:N.", nameof(value));

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive); false otherwise.</summary>
    /// <param name="value">The text (null gives false).</param>
    /// <param name="device">The device when parsed.</param>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ComputeDevice? device)
    {
        device = null;
        var text = value?.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            device = Cpu;
        }
        else if (text == "cuda")
        {
            device = Cuda;
        }
        else if (text is not null && text.StartsWith("cuda:", StringComparison.Ordinal)
            && text.Length > 5 && text[5..].All(char.IsAsciiDigit)
            && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            device = CudaAt(index);
        }

        return device is not null;
    }

    /// <summary>
    /// The device to use: this one, or <see cref="Cpu"/> when CUDA is asked for but not available in this process (no
    /// GPU, or only a CPU libtorch package), in which case <paramref name="warning"/> says so, starting with this
    /// device's name (e.g. <c>cuda requested but CUDA is not available …; using cpu. …</c>).
    /// </summary>
    /// <param name="warning">The fallback warning, or null when there was none.</param>
    public ComputeDevice Resolve(out string? warning)
    {
        TorchRuntime.EnsureNativeBackend();
        warning = null;
        if (!IsCuda || torch.cuda.is_available())
        {
            return this;
        }

        warning = $"{this} requested but CUDA is not available (no GPU or a CPU-only libtorch package); using cpu. Add a CUDA backend package (e.g. libtorch-cuda-12.8-linux-x64) to use the GPU.";
        return Cpu;
    }

    /// <summary>As <see cref="Resolve(out string?)"/>, logging the fallback warning to <paramref name="logger"/>.</summary>
    /// <param name="logger">Where the warning goes (nothing is logged when null).</param>
    public ComputeDevice Resolve(ILogger? logger)
    {
        var device = Resolve(out var warning);
        if (warning is not null && logger is not null)
        {
            ComputeDeviceLog.CudaFallback(logger, warning);
        }

        return device;
    }

    /// <summary>The TorchSharp device, after checking it exists in this process (no fallback: see <see cref="Resolve(out string?)"/>).</summary>
    /// <exception cref="DeviceUnavailableException">CUDA is not available, or the index is out of range.</exception>
    public torch.Device ToTorchDevice()
    {
        TorchRuntime.EnsureNativeBackend();
        if (!IsCuda)
        {
            return torch.CPU;
        }

        if (!torch.cuda.is_available())
        {
            throw new DeviceUnavailableException($"Device '{this}' requested, but CUDA is not available in this process (no GPU, or a CPU-only libtorch package).");
        }

        if (Index >= torch.cuda.device_count())
        {
            throw new DeviceUnavailableException($"Device '{this}' requested, but only {torch.cuda.device_count()} CUDA device(s) exist.");
        }

        return torch.device(ToString());
    }

    /// <summary>The device name: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => IsCuda ? Index is int i ? string.Create(CultureInfo.InvariantCulture, $"cuda:{i}") : "cuda" : "cpu";
}
