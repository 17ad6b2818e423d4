using TorchSharp;

namespace GPTailor.Models;

/// <summary>Per-token quantities on hidden states [B, T, H], computed in float32.</summary>
internal static class TokenStatistics
{
    /// <summary>Row-wise cosine over the hidden dimension [B, T]; NaN (a zero vector) becomes 0.5, as in ShortGPT.</summary>
    public static torch.Tensor Cosine(torch.Tensor a, torch.Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        var x = a.to(torch.ScalarType.Float32);
        var y = b.to(torch.ScalarType.Float32);
        var cos = (x * y).sum(-1) / (x.norm(-1) * y.norm(-1));
        return torch.where(cos.isnan(), torch.full_like(cos, 0.5), cos).MoveToOuterDisposeScope();
    }

    /// <summary>Σ of <paramref name="values"/> [B, T] over the positions where <paramref name="mask"/> is true, in double.</summary>
    public static double MaskedSum(torch.Tensor values, torch.Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        return values.masked_fill(mask.logical_not(), 0.0).to(torch.ScalarType.Float64).sum().item<double>();
    }
}
