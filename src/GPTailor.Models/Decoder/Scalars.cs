using System.Collections.Concurrent;
using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// Long-lived TorchSharp scalars for the forward's hot paths. TorchSharp turns every number passed to a tensor
/// operation (including the implicit <c>alpha = 1</c> of <c>a + b</c>) into a native <see cref="Scalar"/> that is
/// released only by the finalizer; at thousands of layer forwards a trial, the finalizer thread then takes most of a
/// core. These are created once and never disposed.
/// </summary>
internal static class Scalars
{
    private static readonly ConcurrentDictionary<double, Scalar> ByValue = new();

    /// <summary>The integer 1 (the <c>alpha</c> of a plain sum).</summary>
    public static Scalar One { get; } = 1;

    /// <summary>The integer 2 (squares).</summary>
    public static Scalar Two { get; } = 2;

    /// <summary>A cached double scalar (for per-model constants such as the RMSNorm epsilon; few distinct values).</summary>
    public static Scalar Of(double value) => ByValue.GetOrAdd(value, v => v);

    /// <summary><c>a + b</c> without a new scalar.</summary>
    public static torch.Tensor Plus(torch.Tensor a, torch.Tensor b) => a.add(b, One);
}
