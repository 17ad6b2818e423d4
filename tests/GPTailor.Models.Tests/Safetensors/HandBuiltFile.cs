using System.Buffers.Binary;
using System.Text;

namespace GPTailor.Models.Tests;

/// <summary>
/// Writes safetensors files byte by byte, independently of the library's writer: an 8-byte little-endian header
/// length, the header JSON as given (optionally space-padded to 8 bytes), then the raw data.
/// </summary>
internal static class HandBuiltFile
{
    public static void Write(string path, string headerJson, byte[] data, bool pad = true, ulong? headerLengthOverride = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        if (pad && header.Length % 8 != 0)
        {
            header = header.Concat(Enumerable.Repeat((byte)' ', 8 - (header.Length % 8))).ToArray();
        }

        WriteRaw(path, header, data, headerLengthOverride ?? (ulong)header.Length);
    }

    public static void WriteRaw(string path, byte[] header, byte[] data, ulong headerLength)
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, headerLength);
        System.IO.File.WriteAllBytes(path, [.. prefix, .. header, .. data]);
    }

    public static byte[] LittleEndian(params float[] values) =>
        values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); return b; }).ToArray();

    public static byte[] LittleEndian(params double[] values) =>
        values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); return b; }).ToArray();

    public static byte[] LittleEndian(params long[] values) =>
        values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }).ToArray();

    public static byte[] LittleEndian(params int[] values) =>
        values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }).ToArray();

    public static byte[] LittleEndian(params short[] values) =>
        values.SelectMany(v => { var b = new byte[2]; BinaryPrimitives.WriteInt16LittleEndian(b, v); return b; }).ToArray();

    public static byte[] LittleEndian(params ushort[] values) =>
        values.SelectMany(v => { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }).ToArray();
}
