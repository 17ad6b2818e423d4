using TorchSharp;

namespace GPTailor.Models;

/// <summary>Checks a layer's tensors against the configuration before they are used.</summary>
internal static class LayerShapeCheck
{
    public static void Validate(HfModelConfig config, DecoderLayerWeights w)
    {
        long hidden = config.HiddenSize, inter = config.IntermediateSize;
        long q = (long)config.NumAttentionHeads * config.HeadDim, kv = (long)config.NumKeyValueHeads * config.HeadDim;
        Check(w.InputNorm, nameof(w.InputNorm), hidden);
        Check(w.QueryWeight, nameof(w.QueryWeight), q, hidden);
        Check(w.KeyWeight, nameof(w.KeyWeight), kv, hidden);
        Check(w.ValueWeight, nameof(w.ValueWeight), kv, hidden);
        Check(w.OutputWeight, nameof(w.OutputWeight), hidden, q);
        Check(w.PostAttentionNorm, nameof(w.PostAttentionNorm), hidden);
        Check(w.GateWeight, nameof(w.GateWeight), inter, hidden);
        Check(w.UpWeight, nameof(w.UpWeight), inter, hidden);
        Check(w.DownWeight, nameof(w.DownWeight), hidden, inter);
        CheckOptional(w.QueryBias, nameof(w.QueryBias), q);
        CheckOptional(w.KeyBias, nameof(w.KeyBias), kv);
        CheckOptional(w.ValueBias, nameof(w.ValueBias), kv);
        CheckOptional(w.OutputBias, nameof(w.OutputBias), hidden);
        var dtype = w.QueryWeight.dtype;
        var device = w.QueryWeight.device;
        foreach (var t in w.Tensors)
        {
            if (t.dtype != dtype || t.device.type != device.type || t.device.index != device.index)
            {
                throw new ArgumentException($"All layer tensors must share one dtype and device; found {t.dtype} on {t.device} and {dtype} on {device}.", nameof(w));
            }
        }
    }

    public static void Check(torch.Tensor t, string name, params long[] shape)
    {
        if (!t.shape.SequenceEqual(shape))
        {
            throw new ArgumentException($"{name} has shape [{string.Join(", ", t.shape)}]; expected [{string.Join(", ", shape)}].", name);
        }
    }

    private static void CheckOptional(torch.Tensor? t, string name, long size)
    {
        if (t is not null)
        {
            Check(t, name, size);
        }
    }
}
