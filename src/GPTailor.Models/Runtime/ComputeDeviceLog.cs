using Microsoft.Extensions.Logging;

namespace GPTailor.Models;

/// <summary>Log messages of <see cref="ComputeDevice"/>.</summary>
internal static partial class ComputeDeviceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Device {Warning}")]
    public static partial void CudaFallback(ILogger logger, string warning);
}
