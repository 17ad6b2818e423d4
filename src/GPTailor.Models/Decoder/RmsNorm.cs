using TorchSharp;

namespace GPTailor.Models;

/// <summary>RMSNorm as in Hugging Face Llama: normalise in float32, cast back, then multiply by the weight.</summary>
internal static class RmsNorm
{
    /// <summary>
    /// <c>weight * (x / sqrt(mean(x²) + eps)).to(x.dtype)</c>, the statistics computed in float32; without autograd the
    /// temporaries are updated in place (the same operations in the same order, so the same bits).
    /// </summary>
    public static torch.Tensor Apply(torch.Tensor x, torch.Tensor weight, double eps)
    {
        using var scope = torch.NewDisposeScope();
        var inputType = x.dtype;
        var x32 = inputType == torch.ScalarType.Float32 ? x : x.to(torch.ScalarType.Float32);
        var variance = x32.pow(Scalars.Two).mean([-1L], keepdim: true);
        if (InPlace.Allowed)
        {
            var scaled = x32 * variance.add_(Scalars.Of(eps), Scalars.One).rsqrt_();
            var narrowed = inputType == torch.ScalarType.Float32 ? scaled : scaled.to(inputType);
            return narrowed.mul_(weight).MoveToOuterDisposeScope();
        }

        var normed = x32 * variance.add(Scalars.Of(eps), Scalars.One).rsqrt();
        var cast = inputType == torch.ScalarType.Float32 ? normed : normed.to(inputType);
        return (weight * cast).MoveToOuterDisposeScope();
    }
}
