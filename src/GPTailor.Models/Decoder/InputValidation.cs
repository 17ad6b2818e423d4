using TorchSharp;

namespace GPTailor.Models;

/// <summary>Checks forward inputs and derives positions and the attention mask.</summary>
internal static class InputValidation
{
    /// <summary>Validated int64 ids [B, T] on <paramref name="device"/>.</summary>
    public static torch.Tensor Ids(torch.Tensor inputIds, int vocabSize, torch.Device device)
    {
        if (inputIds.dim() != 2 || inputIds.shape[0] < 1 || inputIds.shape[1] < 1)
        {
            throw new ArgumentException($"input_ids must be [batch, length] with both ≥ 1; got [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        }

        if (inputIds.is_floating_point() || inputIds.dtype == torch.ScalarType.Bool || inputIds.is_complex())
        {
            throw new ArgumentException($"input_ids must hold integers; got {inputIds.dtype}.", nameof(inputIds));
        }

        long min = inputIds.min().item<long>(), max = inputIds.max().item<long>();
        if (min < 0 || max >= vocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(inputIds), $"Token ids must be in [0, {vocabSize}); found {min}..{max}.");
        }

        return inputIds.to(torch.ScalarType.Int64, device);
    }

    /// <summary>
    /// Positions [B, T] and a boolean attention mask [B, 1, T, T] (null = plain causal, used when there is no
    /// padding or only right padding).
    /// </summary>
    public static (torch.Tensor Positions, torch.Tensor? Mask) PositionsAndMask(torch.Tensor? attentionMask, long batch, long length, torch.Device device)
    {
        var arange = torch.arange(length, dtype: torch.ScalarType.Int64, device: device).unsqueeze(0).expand(batch, length);
        if (attentionMask is null)
        {
            return (arange, null);
        }

        if (!attentionMask.shape.SequenceEqual([batch, length]))
        {
            throw new ArgumentException($"attention_mask must be [{batch}, {length}]; got [{string.Join(", ", attentionMask.shape)}].", nameof(attentionMask));
        }

        var valid = attentionMask.to(torch.ScalarType.Bool, device);
        var asLong = valid.to(torch.ScalarType.Int64);
        bool rightPaddedOnly = length == 1 || (asLong.narrow(1, 1, length - 1) <= asLong.narrow(1, 0, length - 1)).all().item<bool>();
        if (rightPaddedOnly)
        {
            return (arange, null);
        }

        var positions = (asLong.cumsum(1) - 1).clamp_min(0);
        var causal = torch.ones(length, length, dtype: torch.ScalarType.Bool, device: device).tril();
        var diagonal = torch.eye(length, dtype: torch.ScalarType.Bool, device: device);
        var mask = causal.unsqueeze(0).logical_and(valid.unsqueeze(1)).logical_or(diagonal.unsqueeze(0)).unsqueeze(1);
        return (positions, mask);
    }

    /// <summary>Checks explicit positions [B, T] and a boolean mask [B, 1, T, T] against the ids; returns them on <paramref name="device"/>.</summary>
    public static (torch.Tensor Positions, torch.Tensor Mask) ExplicitLayout(torch.Tensor inputIds, torch.Tensor positions, torch.Tensor mask, torch.Device device)
    {
        if (inputIds.dim() != 2)
        {
            throw new ArgumentException($"input_ids must be [batch, length]; got [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        }

        long batch = inputIds.shape[0], length = inputIds.shape[1];
        if (!positions.shape.SequenceEqual([batch, length]) || positions.is_floating_point() || positions.dtype == torch.ScalarType.Bool)
        {
            throw new ArgumentException($"positions must be integers shaped [{batch}, {length}]; got {positions.dtype} [{string.Join(", ", positions.shape)}].", nameof(positions));
        }

        if (!mask.shape.SequenceEqual([batch, 1, length, length]) || mask.dtype != torch.ScalarType.Bool)
        {
            throw new ArgumentException($"The attention mask must be Bool shaped [{batch}, 1, {length}, {length}]; got {mask.dtype} [{string.Join(", ", mask.shape)}].", nameof(mask));
        }

        if (positions.numel() > 0 && positions.min().item<long>() < 0)
        {
            throw new ArgumentException("Positions must be ≥ 0.", nameof(positions));
        }

        if (!mask.diagonal(0, -2, -1).all().item<bool>())
        {
            throw new ArgumentException("Every position must be allowed to attend to itself (the mask's diagonal must be true).", nameof(mask));
        }

        return (positions.to(torch.ScalarType.Int64, device), mask.to(device));
    }
}
