using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Rotary position embedding with Hugging Face's conventions: inverse frequencies computed in float32 (with the
/// linear or Llama 3 scaling), angles <c>position × inv_freq</c> in float32, <c>cos/sin</c> of <c>cat(freqs, freqs)</c>
/// cast to the compute dtype, and the <c>rotate_half</c> rotation.
/// </summary>
internal sealed class RotaryEmbedding : IDisposable
{
    private readonly torch.Tensor _inverseFrequencies;

    public RotaryEmbedding(HfModelConfig config, torch.Device device)
    {
        using var scope = torch.NewDisposeScope();
        _inverseFrequencies = ComputeInverseFrequencies(config).to(device).DetachFromDisposeScope();
    }

    /// <summary>The float32 inverse frequencies [head_dim/2] on the CPU (for tests and inspection).</summary>
    public static torch.Tensor ComputeInverseFrequencies(HfModelConfig config)
    {
        using var scope = torch.NewDisposeScope();
        int dim = config.HeadDim;
        var exponents = torch.arange(0, dim, 2, dtype: torch.ScalarType.Int64).to(torch.ScalarType.Float32) / dim;
        var inv = torch.pow(torch.tensor((float)config.RopeTheta), exponents).reciprocal();
        var scaling = config.RopeScaling;
        switch (scaling.Kind)
        {
            case RopeScalingKind.Linear:
                inv = inv / scaling.Factor;
                break;
            case RopeScalingKind.Llama3:
                inv = Llama3(inv, scaling);
                break;
        }

        return inv.MoveToOuterDisposeScope();
    }

    private static torch.Tensor Llama3(torch.Tensor inv, RopeScaling s)
    {
        double lowWavelength = s.OriginalMaxPositionEmbeddings / s.LowFrequencyFactor;
        double highWavelength = s.OriginalMaxPositionEmbeddings / s.HighFrequencyFactor;
        var wavelength = (2 * Math.PI) / inv;
        var scaled = torch.where(wavelength > lowWavelength, inv / s.Factor, inv);
        var smooth = ((s.OriginalMaxPositionEmbeddings / wavelength) - s.LowFrequencyFactor) / (s.HighFrequencyFactor - s.LowFrequencyFactor);
        var smoothed = (((1 - smooth) * scaled) / s.Factor) + (smooth * scaled);
        var isMedium = (wavelength < highWavelength).logical_not().logical_and((wavelength > lowWavelength).logical_not());
        return torch.where(isMedium, smoothed, scaled);
    }

    /// <summary>cos and sin for positions [B, T] (int64), shaped [B, 1, T, head_dim] in <paramref name="dtype"/>.</summary>
    public (torch.Tensor Cos, torch.Tensor Sin) ForPositions(torch.Tensor positions, torch.ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var freqs = positions.to(torch.ScalarType.Float32).unsqueeze(-1) * _inverseFrequencies;
        var angles = torch.cat([freqs, freqs], -1).unsqueeze(1);
        var cos = angles.cos().to(dtype);
        var sin = angles.sin().to(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary><c>x * cos + rotate_half(x) * sin</c> for x [B, H, T, head_dim].</summary>
    public static torch.Tensor Apply(torch.Tensor x, torch.Tensor cos, torch.Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        long half = x.shape[^1] / 2;
        var rotated = torch.cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);
        return (InPlace.Allowed ? (x * cos).add_(rotated.mul_(sin), Scalars.One) : Scalars.Plus(x * cos, rotated * sin)).MoveToOuterDisposeScope();
    }

    public void Dispose() => _inverseFrequencies.Dispose();
}
