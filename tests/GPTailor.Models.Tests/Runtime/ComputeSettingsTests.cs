using Microsoft.Extensions.Logging;
using TorchSharp;

namespace GPTailor.Models.Tests;

public class ComputeSettingsTests
{
    [Theory]
    [InlineData("float32", torch.ScalarType.Float32)]
    [InlineData("bfloat16", torch.ScalarType.BFloat16)]
    [InlineData("float16", torch.ScalarType.Float16)]
    [InlineData(" BFloat16 ", torch.ScalarType.BFloat16)]
    public void DTypesParseAndMapToScalarTypesInOnePlace(string text, torch.ScalarType expected)
    {
        var dtype = ComputeDType.Parse(text);
        Assert.Equal(expected, dtype.ScalarType);
        Assert.Same(dtype, ComputeDType.From(expected));
        Assert.Equal(text.Trim().ToLowerInvariant(), dtype.ToString());
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("")]
    [InlineData("fp32")]
    public void AnUnknownDTypeIsRefusedWithTheValidValues(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => ComputeDType.Parse(text));
        Assert.Contains("float32, bfloat16, float16", ex.Message, StringComparison.Ordinal);
        Assert.False(ComputeDType.TryParse(text, out _));
        Assert.Throws<ArgumentException>(() => ComputeDType.From(torch.ScalarType.Int8));
    }

    [Fact]
    public void Float16ComputesOnlyOnCuda()
    {
        Assert.Throws<ArgumentException>(() => ComputeDType.Float16.EnsureComputesOn(torch.CPU));
        ComputeDType.BFloat16.EnsureComputesOn(torch.CPU);
        ComputeDType.Float32.EnsureComputesOn(torch.CPU);
    }

    [Theory]
    [InlineData("cpu", false, null)]
    [InlineData("CUDA", true, null)]
    [InlineData("cuda:1", true, 1)]
    public void DevicesParse(string text, bool cuda, int? index)
    {
        var device = ComputeDevice.Parse(text);
        Assert.Equal(cuda, device.IsCuda);
        Assert.Equal(index, device.Index);
        Assert.Equal(text.ToLowerInvariant(), device.ToString());
        Assert.Equal(device, ComputeDevice.Parse(device.ToString()));
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("mps")]
    public void AnUnknownDeviceIsRefusedWithTheValidForms(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(text));
        Assert.Contains("cpu, cuda, cuda:N", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaFallsBackToTheCpuWithAWarningWhenUnavailable()
    {
        Assert.Same(ComputeDevice.Cpu, ComputeDevice.Cpu.Resolve(out var none));
        Assert.Null(none);
        var logger = new ListLogger();
        if (torch.cuda.is_available())
        {
            Assert.Same(ComputeDevice.Cuda, ComputeDevice.Cuda.Resolve(out var noWarning));
            Assert.Null(noWarning);
            return;
        }

        Assert.Same(ComputeDevice.Cpu, ComputeDevice.CudaAt(0).Resolve(out var warning));
        Assert.StartsWith("cuda:0 requested but CUDA is not available", warning, StringComparison.Ordinal);
        Assert.Contains("using cpu", warning, StringComparison.Ordinal);
        Assert.Same(ComputeDevice.Cpu, ComputeDevice.Cuda.Resolve(logger));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("CUDA is not available", entry.Message, StringComparison.Ordinal);
        Assert.Throws<DeviceUnavailableException>(() => ComputeDevice.Cuda.ToTorchDevice());
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
