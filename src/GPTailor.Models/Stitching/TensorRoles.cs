using TorchSharp;

namespace GPTailor.Models;

/// <summary>Maps tensor roles to checkpoint names and builds <see cref="DecoderLayerWeights"/> from tensors by role.</summary>
internal static class TensorRoles
{
    public static readonly TensorRole[] Layer =
    [
        TensorRole.InputNorm, TensorRole.QueryWeight, TensorRole.KeyWeight, TensorRole.ValueWeight, TensorRole.OutputWeight,
        TensorRole.PostAttentionNorm, TensorRole.GateWeight, TensorRole.UpWeight, TensorRole.DownWeight,
        TensorRole.QueryBias, TensorRole.KeyBias, TensorRole.ValueBias, TensorRole.OutputBias,
    ];

    /// <summary>The checkpoint name of a role (layer-specific for layer roles), or null when the architecture has none.</summary>
    public static string? NameOf(HfModelConfig config, TensorRole role, int layer = 0)
    {
        var a = config.Architecture;
        var template = ArchitectureDescription.Present(a.PreWeights.Concat(a.LayerWeights).Concat(a.PostWeights), config).FirstOrDefault(t => t.Role == role);
        return template?.NameFor(layer);
    }

    /// <summary>The layer roles this configuration has tensors for.</summary>
    public static IEnumerable<TensorRole> PresentLayerRoles(HfModelConfig config) => Layer.Where(r => NameOf(config, r) is not null);

    public static Dictionary<TensorRole, torch.Tensor> FromWeights(DecoderLayerWeights w)
    {
        var result = new Dictionary<TensorRole, torch.Tensor>
        {
            [TensorRole.InputNorm] = w.InputNorm,
            [TensorRole.QueryWeight] = w.QueryWeight,
            [TensorRole.KeyWeight] = w.KeyWeight,
            [TensorRole.ValueWeight] = w.ValueWeight,
            [TensorRole.OutputWeight] = w.OutputWeight,
            [TensorRole.PostAttentionNorm] = w.PostAttentionNorm,
            [TensorRole.GateWeight] = w.GateWeight,
            [TensorRole.UpWeight] = w.UpWeight,
            [TensorRole.DownWeight] = w.DownWeight,
        };
        void Optional(TensorRole role, torch.Tensor? t)
        {
            if (t is not null)
            {
                result[role] = t;
            }
        }

        Optional(TensorRole.QueryBias, w.QueryBias);
        Optional(TensorRole.KeyBias, w.KeyBias);
        Optional(TensorRole.ValueBias, w.ValueBias);
        Optional(TensorRole.OutputBias, w.OutputBias);
        return result;
    }

    public static DecoderLayerWeights ToWeights(IReadOnlyDictionary<TensorRole, torch.Tensor> t) => new(
        t[TensorRole.InputNorm],
        t[TensorRole.QueryWeight],
        t[TensorRole.KeyWeight],
        t[TensorRole.ValueWeight],
        t[TensorRole.OutputWeight],
        t[TensorRole.PostAttentionNorm],
        t[TensorRole.GateWeight],
        t[TensorRole.UpWeight],
        t[TensorRole.DownWeight],
        t.GetValueOrDefault(TensorRole.QueryBias),
        t.GetValueOrDefault(TensorRole.KeyBias),
        t.GetValueOrDefault(TensorRole.ValueBias),
        t.GetValueOrDefault(TensorRole.OutputBias));
}
