using System.Diagnostics;
using System.Globalization;
using GPTailor.Models;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Benchmarks;

/// <summary>
/// Per-part time of one decoder forward (<c>forward --profile</c>): each part of a layer is run alone on the forward's
/// own shapes (the model's first layer, its real RMSNorm and RoPE code) and multiplied by the layer count; the head and
/// a full-vocab log-softmax once. The sum of the parts is printed next to a whole <see cref="CausalLanguageModel.Forward"/>
/// measured in the same run (the difference is what the parts miss: the embedding gather, the RoPE tables, allocation).
/// The packed multiple-choice path differs from a plain forward only in its attention (an explicit boolean mask
/// instead of the causal flag), profiled as its own row.
/// </summary>
internal static class ForwardProfile
{
    /// <summary>Prints the per-part table for <paramref name="model"/> at <paramref name="batch"/>×<paramref name="length"/>.</summary>
    public static void Print(CausalLanguageModel model, int batch, int length, int iterations, double squarePeak)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var c = model.Config;
        var layer = model.Layers[0];
        var w = layer.Weights;
        int layers = model.Layers.Count;
        long heads = c.NumAttentionHeads, kvHeads = c.NumKeyValueHeads, headDim = c.HeadDim;
        long tokens = (long)batch * length;
        var dtype = model.DType;
        var x = (torch.randn(batch, length, c.HiddenSize) * 0.5).to(dtype);
        var normed = RmsNorm.Apply(x, w.InputNorm, c.RmsNormEps);
        var positions = torch.arange(length, dtype: torch.ScalarType.Int64).unsqueeze(0).expand(batch, length);
        using var rope = new RotaryEmbedding(c, model.Device);
        var (cos, sin) = rope.ForPositions(positions, dtype);
        var q = torch.randn(batch, heads, length, headDim).to(dtype);
        var k = torch.randn(batch, heads, length, headDim).to(dtype);
        var v = torch.randn(batch, heads, length, headDim).to(dtype);
        var mask = torch.ones(length, length, dtype: torch.ScalarType.Bool).tril().expand(batch, 1, length, length).contiguous();
        var gate = torch.randn(batch, length, c.IntermediateSize).to(dtype);
        var up = torch.randn(batch, length, c.IntermediateSize).to(dtype);
        var merged = torch.randn(batch, length, heads * headDim).to(dtype);
        var head = model.LanguageModelHead ?? model.Embeddings;
        var final = RmsNorm.Apply(x, model.FinalNorm, c.RmsNormEps);
        var logits = F.linear(final, head).to(torch.ScalarType.Float32);
        long q2 = heads * headDim, kv2 = kvHeads * headDim;
        var parts = new (string Name, int Count, double Flops, Func<torch.Tensor> Run)[]
        {
            ("RMSNorm (2 per layer)", 2 * layers, 0, () => RmsNorm.Apply(x, w.InputNorm, c.RmsNormEps)),
            ("q/k/v projections", layers, 2.0 * tokens * c.HiddenSize * (q2 + kv2 + kv2), () => QkvSeparately(normed, w)),
            ("RoPE (q and k)", layers, 0, () => RotaryBoth(q, k, cos, sin)),
            ("attention core (causal flag)", layers, 4.0 * batch * length * length * q2, () => F.scaled_dot_product_attention(q, k, v, is_casual: true)),
            ("o projection", layers, 2.0 * tokens * q2 * c.HiddenSize, () => F.linear(merged, w.OutputWeight, w.OutputBias)),
            ("gate/up projections", layers, 4.0 * tokens * c.HiddenSize * c.IntermediateSize, () => GateUpSeparately(normed, w)),
            ("SiLU-gate (in place; timed with a copy of its input)", layers, 0, () => SiluGateInPlace(gate, up)),
            ("down projection", layers, 2.0 * tokens * c.IntermediateSize * c.HiddenSize, () => F.linear(gate, w.DownWeight)),
            ("residual adds (2 per layer)", 2 * layers, 0, () => x + x),
            ("final RMSNorm", 1, 0, () => RmsNorm.Apply(x, model.FinalNorm, c.RmsNormEps)),
            ("head (all rows, full vocab)", 1, 2.0 * tokens * c.HiddenSize * c.VocabSize, () => F.linear(final, head)),
            ("log-softmax (all rows, full vocab)", 1, 0, () => logits.log_softmax(-1)),
        };

        var ids = torch.randint(0, c.VocabSize, [batch, length], dtype: torch.ScalarType.Int64);
        double forwardMs = Median(iterations, () => model.Forward(ids));
        double packedMs = Median(iterations, () => model.ForwardHidden(ids, positions, mask));
        double hiddenMs = Median(iterations, () => model.ForwardHidden(ids));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile of one {dtype} forward, {batch}×{length}, {layers} layers (median of {iterations}; square matmul peak {squarePeak:F1} GFLOP/s):"));
        Console.WriteLine("| part | ms per forward | share of forward | GFLOP/s | % of square peak |");
        Console.WriteLine("|---|---|---|---|---|");
        double sum = 0;
        foreach (var (name, count, flops, run) in parts)
        {
            double ms = Median(iterations, run) * count;
            sum += ms;
            string rate = flops > 0 ? (flops * count / (ms * 1e6)).ToString("F1", CultureInfo.InvariantCulture) : "–";
            string share = flops > 0 ? (100 * flops * count / (ms * 1e6) / squarePeak).ToString("F0", CultureInfo.InvariantCulture) + " %" : "–";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F1} | {100 * ms / forwardMs:F1} % | {rate} | {share} |"));
        }

        double maskedMs = Median(iterations, () => F.scaled_dot_product_attention(q, k, v, attn_mask: mask)) * layers;
        var qkv = torch.cat([w.QueryWeight, w.KeyWeight, w.ValueWeight], 0);
        var gateUp = torch.cat([w.GateWeight, w.UpWeight], 0);
        var headT = head.t().contiguous();
        var alternatives = new (string Name, int Count, Func<torch.Tensor> Baseline, Func<torch.Tensor> Alternative)[]
        {
            ("fused q/k/v projection (one concatenated weight)", layers, () => QkvSeparately(normed, w), () => F.linear(normed, qkv)),
            ("fused gate/up projection (one concatenated weight)", layers, () => GateUpSeparately(normed, w), () => F.linear(normed, gateUp)),
            ("SiLU-gate out of place (the autograd form)", layers, () => SiluGateInPlace(gate, up), () => SiluGateOutOfPlace(gate, up)),
            ("head as matmul with a transposed copy of the weight", 1, () => F.linear(final, head), () => final.matmul(headT)),
            ("head in chunks of 256 rows", 1, () => F.linear(final, head), () => Chunked(final.view(-1, c.HiddenSize), head, 256)),
        };
        var alternativeRows = new List<string>();
        foreach (var (name, count, baseline, alternative) in alternatives)
        {
            var (baseMs, altMs) = Paired(Math.Max(5, iterations), baseline, alternative);
            alternativeRows.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {baseMs * count:F1} | {altMs * count:F1} | {altMs / baseMs:F2} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **sum of the parts** | {sum:F1} | {100 * sum / forwardMs:F1} % | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **whole forward (logits)** | {forwardMs:F1} | 100 % | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| forward to hidden states (no head) | {hiddenMs:F1} | {100 * hiddenMs / forwardMs:F1} % | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| packed path: attention core (boolean mask [B,1,T,T]) | {maskedMs:F1} | {100 * maskedMs / forwardMs:F1} % | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| packed path: forward to hidden states (positions + mask) | {packedMs:F1} | {100 * packedMs / forwardMs:F1} % | | |"));
        Console.WriteLine();
        Console.WriteLine("alternatives, each timed alternately with what the forward does now (medians; clone of the gate included in both SiLU rows):");
        Console.WriteLine("| alternative | now ms per forward | alternative ms per forward | alternative / now |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var row in alternativeRows)
        {
            Console.WriteLine(row);
        }
    }

    private static torch.Tensor SiluGateInPlace(torch.Tensor gate, torch.Tensor up)
    {
        using var scope = torch.NewDisposeScope();
        var g = gate.clone();
        return F.silu(g, inplace: true).mul_(up).MoveToOuterDisposeScope();
    }

    private static torch.Tensor SiluGateOutOfPlace(torch.Tensor gate, torch.Tensor up)
    {
        using var scope = torch.NewDisposeScope();
        var g = gate.clone();
        return (F.silu(g) * up).MoveToOuterDisposeScope();
    }

    /// <summary>Medians of <paramref name="a"/> and <paramref name="b"/>, run alternately <paramref name="pairs"/> times after a warm-up.</summary>
    private static (double A, double B) Paired(int pairs, Func<torch.Tensor> a, Func<torch.Tensor> b)
    {
        a().Dispose();
        b().Dispose();
        var ta = new double[pairs];
        var tb = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            var watch = Stopwatch.StartNew();
            a().Dispose();
            ta[i] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            b().Dispose();
            tb[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[pairs / 2], tb[pairs / 2]);
    }

    private static torch.Tensor Chunked(torch.Tensor x, torch.Tensor head, int rows)
    {
        using var scope = torch.NewDisposeScope();
        var output = torch.empty(x.shape[0], head.shape[0], dtype: x.dtype);
        for (long r = 0; r < x.shape[0]; r += rows)
        {
            long n = Math.Min(rows, x.shape[0] - r);
            output.narrow(0, r, n).copy_(F.linear(x.narrow(0, r, n), head));
        }

        return output.MoveToOuterDisposeScope();
    }

    private static torch.Tensor QkvSeparately(torch.Tensor x, DecoderLayerWeights w)
    {
        using var scope = torch.NewDisposeScope();
        F.linear(x, w.QueryWeight, w.QueryBias);
        F.linear(x, w.KeyWeight, w.KeyBias);
        return F.linear(x, w.ValueWeight, w.ValueBias).MoveToOuterDisposeScope();
    }

    private static torch.Tensor GateUpSeparately(torch.Tensor x, DecoderLayerWeights w)
    {
        using var scope = torch.NewDisposeScope();
        F.linear(x, w.GateWeight);
        return F.linear(x, w.UpWeight).MoveToOuterDisposeScope();
    }

    private static torch.Tensor RotaryBoth(torch.Tensor q, torch.Tensor k, torch.Tensor cos, torch.Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        RotaryEmbedding.Apply(q, cos, sin);
        return RotaryEmbedding.Apply(k, cos, sin).MoveToOuterDisposeScope();
    }

    /// <summary>Median milliseconds of <paramref name="run"/> over <paramref name="iterations"/> runs after one warm-up.</summary>
    internal static double Median(int iterations, Func<torch.Tensor> run)
    {
        run().Dispose();
        var times = new double[Math.Max(1, iterations)];
        for (int i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            run().Dispose();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
    }
}
