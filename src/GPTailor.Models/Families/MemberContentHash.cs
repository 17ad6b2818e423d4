using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GPTailor.Models;

/// <summary>
/// The content fingerprint of a family member (see <see cref="ModelFamily.MemberFingerprint"/>): SHA-256 over its
/// <c>config.json</c>, and per safetensors file its name, length, header and up to <see cref="SampleBytes"/> bytes at
/// the start and at the end of its tensor data.
/// </summary>
internal static class MemberContentHash
{
    /// <summary>Bytes of tensor data sampled at each end of a safetensors file.</summary>
    public const int SampleBytes = 1 << 20;

    private const long MaxConfigBytes = 16L * 1024 * 1024;

    /// <exception cref="IOException">A file is not a regular file (a device, FIFO or socket), or ends early.</exception>
    /// <exception cref="FileNotFoundException">A file is missing, or is a directory.</exception>
    public static string Of(string directory, IReadOnlyList<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var config = Path.Combine(directory, "config.json");
        AddLabel(hash, "config.json");
        CheckRegular(config, "member's config.json");
        using (var stream = File.OpenRead(config))
        {
            Add(hash, stream, 0, Math.Min(stream.Length, MaxConfigBytes));
        }

        var prefix = new byte[8];
        foreach (var file in files)
        {
            CheckRegular(file, "member's safetensors file");
            using var stream = File.OpenRead(file);
            var length = stream.Length;
            AddLabel(hash, $"{Path.GetFileName(file)}:{length}");
            stream.ReadExactly(prefix);
            var dataStart = Math.Min(length, 8 + (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(prefix), (ulong)length));
            hash.AppendData(prefix);
            Add(hash, stream, 8, dataStart - 8); // the header (validated when the checkpoint was opened)
            var head = Math.Min(SampleBytes, length - dataStart);
            Add(hash, stream, dataStart, head);
            var tailStart = Math.Max(dataStart + head, length - SampleBytes);
            Add(hash, stream, tailStart, length - tailStart);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// A file replaced by a device, FIFO or directory since the checkpoint was opened is refused before it is opened
    /// (a FIFO would block the open; <c>/dev/zero</c> reports length 0 and would be hashed as an endless header).
    /// </summary>
    private static void CheckRegular(string path, string description) =>
        RegularFile.Check(path, description, reason => new IOException($"{path}: {reason}; the member's fingerprint cannot be computed."));

    private static void AddLabel(IncrementalHash hash, string label) => hash.AppendData(Encoding.UTF8.GetBytes(label + "\n"));

    private static void Add(IncrementalHash hash, Stream stream, long offset, long count)
    {
        stream.Position = offset;
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new EndOfStreamException($"{(stream is FileStream f ? f.Name : "file")} ended early.");
            }

            hash.AppendData(buffer, 0, read);
            count -= read;
        }
    }
}
