using TorchSharp;
using DisposeScopeManager = TorchSharp.DisposeScopeManager;

namespace GPTailor.Models.Tests;

public class ScoringTests
{
    private const string Model = "mistral_gqa";

    [Fact]
    public void ShardedCheckpointGivesIdenticalLogProbs()
    {
        using var single = GoldenModel.Load("llama_untied_bias", "f32");
        using var sharded = GoldenModel.Load("llama_untied_bias", "f32_sharded");
        var a = new SequenceScorer(single).TokenLogProbs(GoldenData.Sequences);
        var b = new SequenceScorer(sharded).TokenLogProbs(GoldenData.Sequences);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ContinuationScoresAreSumsOfReferenceLogProbs()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var sequences = GoldenData.Sequences;
        var reference = GoldenData.LogProbs(Model, "f32");
        var items = new List<(int[] Context, int[] Continuation)>
        {
            (sequences[0][..7], sequences[0][7..]),
            (sequences[2][..1], sequences[2][1..]),
            (sequences[3][..1], sequences[3][1..]),
            (sequences[4][..10], sequences[4][10..]),
        };
        var expected = new[] { reference[0][6..].Sum(), reference[2].Sum(), reference[3].Sum(), reference[4][9..].Sum() };
        var actual = new SequenceScorer(m, new ScoringOptions(BatchSize: 2)).ScoreContinuations(items);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"item {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [InlineData("mistral_gqa")]
    [InlineData("llama3_rope")]
    public void PackedChoiceGroupsMatchReferenceLogProbs(string model)
    {
        // Continuations that share a context are prefixes of one reference sequence, so each sum is known from the
        // reference log-probs computed by Hugging Face transformers (float32 tolerance 1e-4 relative).
        using var m = GoldenModel.Load(model, "f32");
        var s = GoldenData.Sequences;
        var reference = GoldenData.LogProbs(model, "f32");
        var groups = new List<(int[] Context, IReadOnlyList<int[]> Continuations)>
        {
            (s[0][..7], [s[0][7..], s[0][7..9], s[0][7..8]]),
            (s[2][..10], [s[2][10..12], s[2][10..]]),
            (s[3][..1], [s[3][1..]]),
        };
        var expected = new[]
        {
            new[] { reference[0][6..].Sum(), reference[0][6..8].Sum(), reference[0][6] },
            new[] { reference[2][9..11].Sum(), reference[2][9..].Sum() },
            new[] { reference[3].Sum() },
        };
        var actual = new SequenceScorer(m, new ScoringOptions(BatchSize: 2)).ScoreChoiceGroups(groups);
        for (int g = 0; g < expected.Length; g++)
        {
            Assert.Equal(expected[g].Length, actual[g].Length);
            for (int c = 0; c < expected[g].Length; c++)
            {
                Assert.True(Math.Abs(expected[g][c] - actual[g][c]) <= 1e-4 * Math.Max(1, Math.Abs(expected[g][c])), $"group {g} choice {c}: {actual[g][c]} vs {expected[g][c]}");
            }
        }
    }

    [Fact]
    public void PackedChoiceGroupsEqualPairwiseScoring()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var random = new Random(7);
        var vocab = m.Config.VocabSize;
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => random.Next(vocab)).ToArray();
        var groups = Enumerable.Range(0, 9)
            .Select(g => (Tokens(1 + random.Next(12)), (IReadOnlyList<int[]>)Enumerable.Range(0, 1 + random.Next(5)).Select(_ => Tokens(1 + random.Next(6))).ToArray()))
            .ToArray();
        var scorer = new SequenceScorer(m, new ScoringOptions(BatchSize: 4, LogitRowsPerChunk: 11));
        var packed = scorer.ScoreChoiceGroups(groups);
        var pairwise = scorer.ScoreContinuations(groups.SelectMany(g => g.Item2.Select(c => (g.Item1, c))).ToArray());
        var flat = packed.SelectMany(v => v).ToArray();
        Assert.Equal(pairwise.Length, flat.Length);
        for (int i = 0; i < flat.Length; i++)
        {
            Assert.True(Math.Abs(pairwise[i] - flat[i]) <= 1e-4 * Math.Max(1, Math.Abs(pairwise[i])), $"item {i}: {flat[i]} vs {pairwise[i]}");
        }
    }

    [Fact]
    public void PackedGroupsTooLongForMaxLengthAreTruncatedOrScoredPairwise()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var s = GoldenData.Sequences[0];
        var scorer = new SequenceScorer(m, new ScoringOptions(MaxLength: 8));
        // Context left-truncated so that 5 context tokens + 3 continuation tokens fit.
        var truncated = scorer.ScoreChoiceGroups([(s[..14], [s[14..17]])])[0][0];
        Assert.Equal(scorer.ScoreContinuations([(s[9..14], s[14..17])])[0], truncated, 4);
        // Two 5-token continuations never fit in one 8-token row: scored pairwise, each with its own truncated context.
        var tooLong = scorer.ScoreChoiceGroups([(s[..10], [s[10..15], s[11..16]])])[0];
        var pairwise = scorer.ScoreContinuations([(s[..10], s[10..15]), (s[..10], s[11..16])]);
        Assert.Equal(pairwise[0], tooLong[0], 4);
        Assert.Equal(pairwise[1], tooLong[1], 4);
        Assert.Throws<ArgumentException>(() => scorer.ScoreChoiceGroups([([], [s[..2]])]));
        Assert.Throws<ArgumentException>(() => scorer.ScoreChoiceGroups([(s[..2], [])]));
        Assert.Throws<ArgumentException>(() => scorer.ScoreChoiceGroups([(s[..2], [s[..8]])]));
    }

    [Fact]
    public void ExplicitLayoutIsValidated()
    {
        using var m = GoldenModel.Load(Model, "f32");
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 1, 2, 3 }, [1, 3]);
        var positions = torch.tensor(new long[] { 0, 1, 2 }, [1, 3]);
        var causal = torch.ones(3, 3, dtype: torch.ScalarType.Bool).tril().view(1, 1, 3, 3);
        Assert.Equal([1L, 3, m.Config.HiddenSize], m.ForwardHidden(ids, positions, causal).shape);
        Assert.Throws<ArgumentException>(() => m.ForwardHidden(ids, positions, causal.view(1, 3, 3)));
        Assert.Throws<ArgumentException>(() => m.ForwardHidden(ids, positions, causal.to(torch.ScalarType.Float32)));
        Assert.Throws<ArgumentException>(() => m.ForwardHidden(ids, torch.tensor(new long[] { 0, -1, 2 }, [1, 3]), causal));
        Assert.Throws<ArgumentException>(() => m.ForwardHidden(ids, positions, torch.zeros(1, 1, 3, 3, dtype: torch.ScalarType.Bool)));
    }

    [Fact]
    public void ContinuationContextIsTruncatedOnTheLeft()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var s = GoldenData.Sequences[0];
        var scorer = new SequenceScorer(m, new ScoringOptions(MaxLength: 8));
        var truncated = scorer.ScoreContinuations([(s[..14], s[14..])])[0];
        var explicitContext = new SequenceScorer(m).ScoreContinuations([(s[9..14], s[14..])])[0];
        Assert.Equal(explicitContext, truncated, 5);
        Assert.Throws<ArgumentException>(() => scorer.ScoreContinuations([(s[..2], s[..8])]));
        Assert.Throws<ArgumentException>(() => scorer.ScoreContinuations([([], s[..2])]));
    }

    [Fact]
    public void NllKeepsTheFirstMaxLengthTokens()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var reference = GoldenData.LogProbs(Model, "f32");
        var score = new SequenceScorer(m, new ScoringOptions(MaxLength: 10)).ScoreNll(GoldenData.Sequences);
        var expected = -reference.Sum(r => r.Take(9).Sum());
        Assert.Equal(reference.Sum(r => Math.Min(r.Length, 9)), score.TokenCount);
        Assert.True(Math.Abs(score.TotalNll - expected) <= 1e-4 * expected);
        Assert.Equal(Math.Exp(score.TotalNll / score.TokenCount), score.Perplexity, 12);
    }

    [Fact]
    public void BatchSizeDoesNotChangeResults()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var one = new SequenceScorer(m, new ScoringOptions(BatchSize: 1)).ScoreNll(GoldenData.Sequences);
        var all = new SequenceScorer(m, new ScoringOptions(BatchSize: 5, LogitRowsPerChunk: 7)).ScoreNll(GoldenData.Sequences);
        Assert.Equal(one.TokenCount, all.TokenCount);
        Assert.Equal(one.TotalNll, all.TotalNll, 3);
    }

    [Fact]
    public void LeftPaddedForwardMatchesReference()
    {
        using var m = GoldenModel.Load("llama3_rope", "f32");
        var sequences = GoldenData.Sequences;
        var reference = GoldenData.LogProbs("llama3_rope", "f32");
        int length = sequences.Max(s => s.Length);
        var ids = new long[sequences.Count * length];
        var mask = new long[sequences.Count * length];
        for (int b = 0; b < sequences.Count; b++)
        {
            int pad = length - sequences[b].Length;
            for (int t = 0; t < sequences[b].Length; t++)
            {
                ids[(b * length) + pad + t] = sequences[b][t];
                mask[(b * length) + pad + t] = 1;
            }
        }

        using var scope = torch.NewDisposeScope();
        var logProbs = m.Forward(torch.tensor(ids, [sequences.Count, length]), torch.tensor(mask, [sequences.Count, length])).log_softmax(-1);
        for (int b = 0; b < sequences.Count; b++)
        {
            int pad = length - sequences[b].Length;
            for (int i = 0; i + 1 < sequences[b].Length; i++)
            {
                double actual = logProbs[b, pad + i, sequences[b][i + 1]].item<float>();
                Assert.True(Math.Abs(actual - reference[b][i]) <= 2e-5, $"seq {b} pos {i}: {actual} vs {reference[b][i]}");
            }
        }
    }

    [Fact]
    public void HonoursCancellationAndReportsProgress()
    {
        using var m = GoldenModel.Load(Model, "f32");
        var scorer = new SequenceScorer(m, new ScoringOptions(BatchSize: 2));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => scorer.ScoreNll(GoldenData.Sequences, cancellationToken: cts.Token));
        var reports = new List<int>();
        scorer.ScoreNll(GoldenData.Sequences, new SynchronousProgress(reports));
        Assert.Equal([2, 4, 5], reports);
    }

    [Fact]
    public void ScoringLeaksNoTensors()
    {
        using var m = GoldenModel.Load(Model, "bf16", torch.ScalarType.BFloat16);
        var scorer = new SequenceScorer(m, new ScoringOptions(BatchSize: 2, LogitRowsPerChunk: 5));
        scorer.ScoreNll(GoldenData.Sequences);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        scorer.ScoreNll(GoldenData.Sequences);
        scorer.ScoreContinuations([(GoldenData.Sequences[0][..3], GoldenData.Sequences[0][3..])]);
        scorer.ScoreChoiceGroups([(GoldenData.Sequences[0][..3], [GoldenData.Sequences[0][3..], GoldenData.Sequences[1][..2]])]);
        scorer.ScoreGreedyContinuations([(GoldenData.Sequences[0][..3], GoldenData.Sequences[0][3..])]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
