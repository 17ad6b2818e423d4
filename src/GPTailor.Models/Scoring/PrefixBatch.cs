using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// One batch's view of a <see cref="PrefixActivationCache"/> during a forward pass: the batch identity, the model's
/// prefix keys, and the depth the forward resumed at (set by <see cref="CausalLanguageModel"/>).
/// </summary>
internal sealed class PrefixBatch(PrefixActivationCache cache, IReadOnlyList<string> prefixKeys, string batchKey)
{
    /// <summary>Layers skipped by resuming (0 until <see cref="Resume"/> found an entry).</summary>
    public int ResumedDepth { get; private set; }

    /// <summary>Number of prefix keys (the model's layer count).</summary>
    public int Depth => prefixKeys.Count;

    /// <summary>The deepest cached hidden state of this batch (a new handle in the caller's scope), or null.</summary>
    public torch.Tensor? Resume()
    {
        var (depth, hidden) = cache.Resume(batchKey, prefixKeys);
        ResumedDepth = depth;
        return hidden;
    }

    /// <summary>Offers the output of the first <paramref name="depth"/> layers to the cache.</summary>
    public void Store(int depth, torch.Tensor hidden) => cache.Store(batchKey, prefixKeys[depth - 1], depth, hidden);

    /// <summary>
    /// The identity of a batch: SHA-256 over its kind and, row by row, every token array of the row with its length (the
    /// model input is a deterministic function of these, so equal identities mean equal input tensors).
    /// </summary>
    /// <param name="kind">How the rows are laid out (packed choice groups, or plain right-padded sequences).</param>
    /// <param name="rows">Per row, its token arrays in order.</param>
    public static string Identity(string kind, IEnumerable<IEnumerable<int[]>> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(kind));
        Span<int> header = stackalloc int[1];
        foreach (var row in rows)
        {
            header[0] = -1;
            hash.AppendData(MemoryMarshal.AsBytes(header));
            foreach (var tokens in row)
            {
                header[0] = tokens.Length;
                hash.AppendData(MemoryMarshal.AsBytes(header));
                hash.AppendData(MemoryMarshal.AsBytes(tokens.AsSpan()));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
