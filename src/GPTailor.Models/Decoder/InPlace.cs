using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Whether the decoder may update its own temporaries in place: only without autograd (inference), since autograd may
/// need the values an in-place update overwrites. The in-place and out-of-place forms apply the same element-wise
/// operations in the same order, so they give the same bits (tested).
/// </summary>
internal static class InPlace
{
    /// <summary>True when gradients are not being recorded.</summary>
    public static bool Allowed => !torch.is_grad_enabled();
}
