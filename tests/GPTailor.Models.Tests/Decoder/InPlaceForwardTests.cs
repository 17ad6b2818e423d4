using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// The inference forward updates its temporaries in place (RMSNorm, RoPE, SiLU-gate, residual adds); the autograd
/// forward does not. Both apply the same element-wise operations in the same order, so the logits must agree bit for
/// bit, in float32 and in bfloat16 compute, on every golden model (plain causal, GQA, biases, tied heads).
/// </summary>
public class InPlaceForwardTests
{
    public static TheoryData<string, torch.ScalarType> Cases()
    {
        var data = new TheoryData<string, torch.ScalarType>();
        foreach (var model in GoldenData.ModelNames)
        {
            data.Add(model, torch.ScalarType.Float32);
            data.Add(model, torch.ScalarType.BFloat16);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InferenceForwardEqualsTheAutogradForwardBitForBit(string model, torch.ScalarType compute)
    {
        using var m = GoldenModel.Load(model, "bf16", compute);
        using var scope = torch.NewDisposeScope();
        var sequence = GoldenData.Sequences[0];
        var ids = torch.tensor(sequence.Select(t => (long)t).ToArray(), [1, sequence.Length], dtype: torch.ScalarType.Int64);
        var inference = m.Forward(ids);
        Assert.True(torch.is_grad_enabled());
        var autograd = m.ForwardTrainable(ids).to(torch.ScalarType.Float32);
        Assert.Equal(inference.shape, autograd.shape);
        Assert.True(inference.eq(autograd).all().item<bool>(), $"{model} {compute}: max |Δ| = {(inference - autograd).abs().max().item<float>()}");
        Assert.True(inference.abs().sum().item<float>() > 0);
    }
}
