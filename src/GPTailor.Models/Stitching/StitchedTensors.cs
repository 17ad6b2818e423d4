using TorchSharp;

namespace GPTailor.Models;

/// <summary>The tensors of a stitched model under the Hugging Face names of its own configuration (layers renumbered).</summary>
public static class StitchedTensors
{
    /// <summary>Name → tensor, in checkpoint order: embeddings, layers, final norm, lm_head (omitted when tied).</summary>
    public static IReadOnlyList<KeyValuePair<string, torch.Tensor>> Of(StitchedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var config = model.Config;
        string Name(TensorRole role, int layer = 0) => TensorRoles.NameOf(config, role, layer)
            ?? throw new InvalidOperationException($"No tensor name for {role}.");
        var list = new List<KeyValuePair<string, torch.Tensor>> { new(Name(TensorRole.Embeddings), model.Model.Embeddings) };
        for (var i = 0; i < model.Model.Layers.Count; i++)
        {
            foreach (var (role, tensor) in TensorRoles.FromWeights(model.Model.Layers[i].Weights))
            {
                list.Add(new(Name(role, i), tensor));
            }
        }

        list.Add(new(Name(TensorRole.FinalNorm), model.Model.FinalNorm));
        if (!model.HeadTiedToEmbeddings)
        {
            list.Add(new("lm_head.weight", model.Model.LanguageModelHead ?? model.Model.Embeddings));
        }

        return list;
    }
}
