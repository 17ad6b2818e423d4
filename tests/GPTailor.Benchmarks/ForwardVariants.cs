using System.Diagnostics;
using System.Globalization;
using GPTailor.Models;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Benchmarks;

/// <summary>
/// Rewrites of the decoder forward tried against the shipped one (<c>forward --variants</c>), timed in interleaved
/// rounds with the square peak probe: the same operations with the projections written into buffers reused across
/// layers, separate and then fused (q/k/v, gate/up); then the residual adds folded into the o and down GEMMs (<c>addmm</c> with β = 1); then
/// the head written into a reused logits buffer; and the forward's GEMMs alone, which is the ceiling of any rewrite that
/// keeps libtorch's kernels (attention and element-wise work free). A second table times the attention core, PyTorch's
/// fused kernel against the explicit full-square math. Each variant prints its largest difference from the shipped
/// logits, so a rewrite that changes bits is visible.
/// </summary>
internal static class ForwardVariants
{
    /// <summary>Prints both tables for <paramref name="model"/> (no biases) at <paramref name="batch"/>×<paramref name="length"/>.</summary>
    public static void Print(CausalLanguageModel model, int batch, int length, int rounds, double flops, Func<double> squarePeak)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var rewrite = new Rewrite(model, batch, length);
        var variants = new (string Name, Func<torch.Tensor> Run)[]
        {
            ("Forward as shipped", () => model.Forward(rewrite.Ids).view(-1, model.Config.VocabSize)),
            ("separate q/k/v and gate/up GEMMs into reused buffers", () => rewrite.Run(fuse: false, residualInGemm: false, reuseHead: false)),
            ("fused q/k/v and gate/up, GEMMs into reused buffers", () => rewrite.Run(fuse: true, residualInGemm: false, reuseHead: false)),
            ("+ residual adds inside the o/down GEMMs (addmm, β = 1)", () => rewrite.Run(fuse: true, residualInGemm: true, reuseHead: false)),
            ("+ head into a reused logits buffer", () => rewrite.Run(fuse: true, residualInGemm: true, reuseHead: true)),
        };
        using (var reference = variants[0].Run())
        {
            foreach (var (name, run) in variants.Skip(1))
            {
                using var logits = run();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: largest |difference| from the shipped logits {(logits - reference).abs().max().item<float>():E2}"));
            }
        }

        var seconds = variants.Select(_ => new double[rounds]).ToArray();
        var gemmsOnly = new double[rounds];
        var peaks = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            peaks[r] = squarePeak();
            for (int i = 0; i < variants.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                variants[i].Run().Dispose();
                seconds[i][r] = watch.Elapsed.TotalSeconds;
            }

            gemmsOnly[r] = rewrite.GemmsOnlySeconds();
        }

        double peak = ForwardBenchmark.Median(peaks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median square peak {peak:F1} GFLOP/s over {rounds} rounds; {flops / 1e9:F0} GFLOP per forward"));
        Console.WriteLine("| variant | ms per forward | vs shipped | % of square peak |");
        Console.WriteLine("|---|---|---|---|");
        double shipped = ForwardBenchmark.Median(seconds[0]);
        void Row(string name, double s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {s * 1000:F0} | {shipped / s:F2}× | {100 * flops / s / 1e9 / peak:F0} % |"));
        for (int i = 0; i < variants.Length; i++)
        {
            Row(variants[i].Name, ForwardBenchmark.Median(seconds[i]));
        }

        Row("the forward's GEMMs alone (attention and element-wise free)", ForwardBenchmark.Median(gemmsOnly));
        PrintAttention(model.Config, batch, length, rounds);
    }

    private static void PrintAttention(HfModelConfig c, int batch, int length, int rounds)
    {
        using var scope = torch.NewDisposeScope();
        long heads = c.NumAttentionHeads, dim = c.HeadDim;
        var q = torch.randn(batch, heads, length, dim);
        var k = torch.randn(batch, heads, length, dim);
        var v = torch.randn(batch, heads, length, dim);
        var above = torch.ones(length, length, dtype: torch.ScalarType.Bool).triu(1);
        double scale = 1 / Math.Sqrt(dim);
        torch.Tensor Fused() => F.scaled_dot_product_attention(q, k, v, is_casual: true);
        torch.Tensor Explicit()
        {
            using var inner = torch.NewDisposeScope();
            var scores = q.matmul(k.transpose(-2, -1)).mul_(scale).masked_fill_(above, float.NegativeInfinity);
            return scores.softmax(-1).matmul(v).MoveToOuterDisposeScope();
        }

        using (var a = Fused())
        using (var b = Explicit())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"attention core, {c.NumHiddenLayers} layers: explicit math differs from the fused kernel by at most {(a - b).abs().max().item<float>():E2}"));
        }

        var fused = new double[rounds];
        var explicitMath = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            fused[r] = Layers(c.NumHiddenLayers, Fused);
            explicitMath[r] = Layers(c.NumHiddenLayers, Explicit);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| attention core × {c.NumHiddenLayers} | fused kernel (causal flag) {ForwardBenchmark.Median(fused) * 1000:F0} ms | explicit full-square math {ForwardBenchmark.Median(explicitMath) * 1000:F0} ms | {ForwardBenchmark.Median(explicitMath) / ForwardBenchmark.Median(fused):F2}× slower |"));
    }

    private static double Layers(int count, Func<torch.Tensor> run)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            run().Dispose();
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The forward rewritten with fused projections and reused buffers (float32, no biases).</summary>
    private sealed class Rewrite : IDisposable
    {
        private readonly CausalLanguageModel _model;
        private readonly torch.Tensor[] _qkv;
        private readonly torch.Tensor[] _gateUp;
        private readonly torch.Tensor _cos;
        private readonly torch.Tensor _sin;
        private readonly torch.Tensor _logits;
        private readonly long _batch;
        private readonly long _length;

        public Rewrite(CausalLanguageModel model, int batch, int length)
        {
            var c = model.Config;
            _model = model;
            _batch = batch;
            _length = length;
            Ids = torch.randint(0, c.VocabSize, [batch, length], dtype: torch.ScalarType.Int64).DetachFromDisposeScope();
            _qkv = [.. model.Layers.Select(l => torch.cat([l.Weights.QueryWeight, l.Weights.KeyWeight, l.Weights.ValueWeight], 0).DetachFromDisposeScope())];
            _gateUp = [.. model.Layers.Select(l => torch.cat([l.Weights.GateWeight, l.Weights.UpWeight], 0).DetachFromDisposeScope())];
            using var positions = torch.arange(length, dtype: torch.ScalarType.Int64).unsqueeze(0).expand(batch, length);
            using var rope = new RotaryEmbedding(c, model.Device);
            (_cos, _sin) = rope.ForPositions(positions, model.DType);
            _cos.DetachFromDisposeScope();
            _sin.DetachFromDisposeScope();
            _logits = torch.empty((long)batch * length, c.VocabSize).DetachFromDisposeScope();
        }

        public torch.Tensor Ids { get; }

        public torch.Tensor Run(bool fuse, bool residualInGemm, bool reuseHead)
        {
            using var scope = torch.NewDisposeScope();
            var c = _model.Config;
            long tokens = _batch * _length, hidden = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim;
            var x = _model.Embeddings.index_select(0, Ids.reshape(-1));
            var qkv = torch.empty(tokens, q + kv + kv);
            var gateUp = torch.empty(tokens, 2L * c.IntermediateSize);
            var (qOut, kOut, vOut) = (qkv.narrow(1, 0, q), qkv.narrow(1, q, kv), qkv.narrow(1, q + kv, kv));
            var (gateOut, upOut) = (gateUp.narrow(1, 0, c.IntermediateSize), gateUp.narrow(1, c.IntermediateSize, c.IntermediateSize));
            if (!fuse)
            {
                (qOut, kOut, vOut) = (torch.empty(tokens, q), torch.empty(tokens, kv), torch.empty(tokens, kv));
                (gateOut, upOut) = (torch.empty(tokens, c.IntermediateSize), torch.empty(tokens, c.IntermediateSize));
            }

            for (int i = 0; i < _model.Layers.Count; i++)
            {
                using var layerScope = torch.NewDisposeScope();
                var w = _model.Layers[i].Weights;
                var normed = RmsNorm.Apply(x, w.InputNorm, c.RmsNormEps);
                Project(normed, fuse ? [(qkv, _qkv[i])] : [(qOut, w.QueryWeight), (kOut, w.KeyWeight), (vOut, w.ValueWeight)]);

                var queries = Heads(qOut, c.NumAttentionHeads);
                var keys = Heads(kOut, c.NumKeyValueHeads);
                var values = Heads(vOut, c.NumKeyValueHeads);
                if (c.NumKeyValueHeads != c.NumAttentionHeads)
                {
                    int repeats = c.NumAttentionHeads / c.NumKeyValueHeads;
                    keys = keys.repeat_interleave(repeats, dim: 1);
                    values = values.repeat_interleave(repeats, dim: 1);
                }

                var attended = F.scaled_dot_product_attention(RotaryEmbedding.Apply(queries, _cos, _sin), RotaryEmbedding.Apply(keys, _cos, _sin), values, is_casual: true);
                var merged = attended.transpose(1, 2).reshape(tokens, q);
                if (residualInGemm)
                {
                    x.addmm_(merged, w.OutputWeight.t(), beta: 1, alpha: 1);
                }
                else
                {
                    x.add_(F.linear(merged, w.OutputWeight));
                }

                var postNormed = RmsNorm.Apply(x, w.PostAttentionNorm, c.RmsNormEps);
                Project(postNormed, fuse ? [(gateUp, _gateUp[i])] : [(gateOut, w.GateWeight), (upOut, w.UpWeight)]);

                var activated = F.silu(gateOut, inplace: true).mul_(upOut);
                if (residualInGemm)
                {
                    x.addmm_(activated, w.DownWeight.t(), beta: 1, alpha: 1);
                }
                else
                {
                    x.add_(F.linear(activated, w.DownWeight));
                }
            }

            var final = RmsNorm.Apply(x, _model.FinalNorm, c.RmsNormEps);
            var head = _model.LanguageModelHead ?? _model.Embeddings;
            return (reuseHead ? _logits.addmm_(final, head.t(), beta: 0, alpha: 1).alias() : F.linear(final, head)).MoveToOuterDisposeScope();
        }

        /// <summary>Seconds of the forward's GEMMs alone, on buffers of its shapes (best layouts above).</summary>
        public double GemmsOnlySeconds()
        {
            using var scope = torch.NewDisposeScope();
            var c = _model.Config;
            long tokens = _batch * _length, q = (long)c.NumAttentionHeads * c.HeadDim;
            var x = torch.randn(tokens, c.HiddenSize);
            var merged = torch.randn(tokens, q);
            var activated = torch.randn(tokens, c.IntermediateSize);
            var qkv = torch.empty(tokens, _qkv[0].shape[0]);
            var gateUp = torch.empty(tokens, _gateUp[0].shape[0]);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < _model.Layers.Count; i++)
            {
                var w = _model.Layers[i].Weights;
                qkv.addmm_(x, _qkv[i].t(), beta: 0, alpha: 1);
                x.addmm_(merged, w.OutputWeight.t(), beta: 1, alpha: 1);
                gateUp.addmm_(x, _gateUp[i].t(), beta: 0, alpha: 1);
                x.addmm_(activated, w.DownWeight.t(), beta: 1, alpha: 1);
            }

            _logits.addmm_(x, (_model.LanguageModelHead ?? _model.Embeddings).t(), beta: 0, alpha: 1);
            return watch.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            foreach (var t in _qkv.Concat(_gateUp).Append(_cos).Append(_sin).Append(_logits).Append(Ids))
            {
                t.Dispose();
            }
        }

        /// <summary>Each <c>input · weightᵀ</c> written into its preallocated output (<c>addmm_</c>, β = 0).</summary>
        private static void Project(torch.Tensor input, (torch.Tensor Output, torch.Tensor Weight)[] products)
        {
            foreach (var (output, weight) in products)
            {
                output.addmm_(input, weight.t(), beta: 0, alpha: 1);
            }
        }

        private torch.Tensor Heads(torch.Tensor projected, int heads) =>
            projected.view(_batch, _length, heads, _model.Config.HeadDim).transpose(1, 2);
    }
}
