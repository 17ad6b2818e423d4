using System.Text;

namespace GPTailor.Models;

/// <summary>
/// Hugging Face BPE on one word: characters become symbols (unknown characters become <c>&lt;0xNN&gt;</c> byte
/// tokens with <c>byte_fallback</c>, else the unknown token, fused with <c>fuse_unk</c>); then adjacent pairs are
/// merged lowest merge rank first, leftmost first among equal ranks, until no listed merge applies.
/// </summary>
internal sealed class BpeMergeEngine
{
    private readonly IReadOnlyDictionary<string, int> _vocabulary;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int[]? _byteIds;
    private readonly int? _unknownId;
    private readonly bool _fuseUnknown;
    private readonly bool _ignoreMerges;

    /// <summary>Indexes the model's merges by token-id pair.</summary>
    public BpeMergeEngine(BpeModelDefinition model)
    {
        _vocabulary = model.Vocabulary;
        _merges = new Dictionary<long, (int, int)>(model.Merges.Count);
        for (var rank = 0; rank < model.Merges.Count; rank++)
        {
            var (left, right) = model.Merges[rank];
            _ = _merges.TryAdd(PairKey(_vocabulary[left], _vocabulary[right]), (rank, _vocabulary[left + right]));
        }

        _byteIds = model.ByteFallback ? BuildByteIds(model.Vocabulary) : null;
        _unknownId = model.UnknownToken is null ? null : model.Vocabulary[model.UnknownToken];
        _fuseUnknown = model.FuseUnknown;
        _ignoreMerges = model.IgnoreMerges;
    }

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void EncodeWord(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_ignoreMerges && _vocabulary.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }

        var symbols = BuildSymbols(word);
        Merge(symbols);
        output.AddRange(symbols);
    }

    private List<int> BuildSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        var lastWasUnknown = false;
        foreach (var rune in word.EnumerateRunes())
        {
            var text = rune.ToString();
            if (_vocabulary.TryGetValue(text, out var id))
            {
                symbols.Add(id);
                lastWasUnknown = false;
                continue;
            }

            if (_byteIds is not null && TryAddBytes(rune, symbols))
            {
                lastWasUnknown = false;
                continue;
            }

            if (_unknownId is { } unknown)
            {
                if (!(_fuseUnknown && lastWasUnknown))
                {
                    symbols.Add(unknown);
                }

                lastWasUnknown = true;
            }
        }

        return symbols;
    }

    private bool TryAddBytes(Rune rune, List<int> symbols)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var count = rune.EncodeToUtf8(utf8);
        for (var i = 0; i < count; i++)
        {
            if (_byteIds![utf8[i]] < 0)
            {
                return false;
            }
        }

        for (var i = 0; i < count; i++)
        {
            symbols.Add(_byteIds![utf8[i]]);
        }

        return true;
    }

    private void Merge(List<int> symbols)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return;
        }

        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive[i] = true;
        }

        var queue = new PriorityQueue<(int Pos, int Rank, int NewId), (int Rank, int Pos)>();
        for (var i = 0; i + 1 < n; i++)
        {
            Enqueue(queue, i, ids[i], ids[i + 1]);
        }

        while (queue.TryDequeue(out var top, out _))
        {
            var pos = top.Pos;
            if (!alive[pos] || next[pos] < 0)
            {
                continue;
            }

            var right = next[pos];
            if (!_merges.TryGetValue(PairKey(ids[pos], ids[right]), out var current) || current != (top.Rank, top.NewId))
            {
                continue;
            }

            ids[pos] = top.NewId;
            alive[right] = false;
            next[pos] = next[right];
            if (next[pos] >= 0)
            {
                prev[next[pos]] = pos;
                Enqueue(queue, pos, ids[pos], ids[next[pos]]);
            }

            if (prev[pos] >= 0)
            {
                Enqueue(queue, prev[pos], ids[prev[pos]], ids[pos]);
            }
        }

        symbols.Clear();
        for (var i = 0; i >= 0; i = next[i])
        {
            symbols.Add(ids[i]);
        }
    }

    private void Enqueue(PriorityQueue<(int, int, int), (int, int)> queue, int pos, int left, int right)
    {
        if (_merges.TryGetValue(PairKey(left, right), out var merge))
        {
            queue.Enqueue((pos, merge.Rank, merge.NewId), (merge.Rank, pos));
        }
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static int[] BuildByteIds(IReadOnlyDictionary<string, int> vocabulary)
    {
        var ids = new int[256];
        for (var b = 0; b < 256; b++)
        {
            ids[b] = vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }

        return ids;
    }
}
