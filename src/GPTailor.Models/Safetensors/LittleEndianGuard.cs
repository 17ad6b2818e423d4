namespace GPTailor.Models;

/// <summary>Safetensors data is little-endian and is copied byte for byte, which is only right on little-endian hosts.</summary>
internal static class LittleEndianGuard
{
    /// <summary>Throws on big-endian hosts.</summary>
    /// <exception cref="PlatformNotSupportedException">The host is big-endian.</exception>
    public static void Check()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors I/O needs a little-endian host.");
        }
    }
}
