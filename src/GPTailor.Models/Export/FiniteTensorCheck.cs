using System.Globalization;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Checks that every floating-point tensor of a written checkpoint is finite (no NaN, no ±∞), reading the tensors back
/// as stored, so that an overflow of the stored dtype (e.g. float32 → float16) is caught as well as NaN merged weights.
/// <see cref="TailoredModelExporter"/> runs it on its temporary output before the rename that commits an export.
/// </summary>
public static class FiniteTensorCheck
{
    /// <summary>Throws when a tensor of the checkpoint at <paramref name="checkpointPath"/> holds a NaN or infinite value.</summary>
    /// <param name="checkpointPath">A model directory or checkpoint file, as <see cref="SafetensorsCheckpoint.Open"/> takes.</param>
    /// <exception cref="ExportException">A tensor is not finite; the message names the first such tensor (in name order) and counts its NaN and infinite values.</exception>
    public static void ThrowIfNotFinite(string checkpointPath)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(checkpointPath);
        foreach (var name in checkpoint.TensorNames.Order(StringComparer.Ordinal))
        {
            using var scope = torch.NewDisposeScope();
            var tensor = checkpoint.ReadTensor(name);
            if (!tensor.is_floating_point() || torch.isfinite(tensor).all().item<bool>())
            {
                continue;
            }

            var nan = tensor.isnan().sum().item<long>();
            var infinite = tensor.isinf().sum().item<long>();
            throw new ExportException(string.Create(CultureInfo.InvariantCulture,
                $"Tensor '{name}' of the exported model is not finite ({nan} NaN and {infinite} infinite values of {tensor.numel()}, stored as {tensor.dtype}); the export was not written. Check the plan's merge parameters, the members' weights and the output dtype."));
        }
    }
}
