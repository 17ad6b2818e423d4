using TorchSharp;

namespace GPTailor.Models;

/// <summary>
/// The merge operators, computed in float32: task arithmetic <c>W = B + λ·Σ_j (C_j − B)</c>, linear
/// <c>W = Σ w_j C_j / Σ w_j</c>, and slerp of two tensors (spherical interpolation of the flattened tensors, linear
/// interpolation when they are nearly parallel).
/// </summary>
public static class WeightMerger
{
    /// <summary>Below this angle (|cos| above 1 − 5e-4) slerp falls back to linear interpolation.</summary>
    public const double ParallelThreshold = 0.9995;

    /// <summary>Merges tensors of any floating dtype, computing in float32. The result is a new float32 tensor on the sources' device; inputs are not modified.</summary>
    /// <param name="recipe">The merge.</param>
    /// <param name="sources">The members' tensors, in <see cref="MergeRecipe.Members"/> order.</param>
    /// <param name="anchor">The base tensor B (task arithmetic only).</param>
    public static torch.Tensor Merge(MergeRecipe recipe, IReadOnlyList<torch.Tensor> sources, torch.Tensor? anchor)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count != recipe.Members.Count || sources.Count == 0)
        {
            throw new ArgumentException($"Expected {recipe.Members.Count} source tensors, got {sources.Count}.", nameof(sources));
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        // Each member is converted into a float32 copy of its own and updated in place, so at most three full-size
        // tensors are alive at once; the operations and their order are those of the out-of-place expressions
        // (0 + (C_1 − B) + … then B + delta·λ), so the bits are too.
        torch.Tensor Copy(torch.Tensor t) => t.to(torch.ScalarType.Float32, copy: true);
        torch.Tensor result;
        switch (recipe.Method)
        {
            case MergeMethod.Passthrough:
                result = Copy(sources[0]);
                break;
            case MergeMethod.TaskArithmetic:
                if (anchor is null)
                {
                    throw new ArgumentNullException(nameof(anchor), "Task arithmetic needs the base anchor tensor.");
                }

                var b = anchor.to(torch.ScalarType.Float32);
                result = torch.zeros_like(b);
                foreach (var c in sources)
                {
                    using var difference = Copy(c).sub_(b);
                    result.add_(difference);
                }

                result.mul_(recipe.Lambda!.Value).add_(b);
                break;
            case MergeMethod.Linear:
                var weights = recipe.Weights!;
                var sum = weights.Sum();
                result = torch.zeros_like(sources[0], dtype: torch.ScalarType.Float32);
                for (var i = 0; i < sources.Count; i++)
                {
                    using var term = Copy(sources[i]).mul_(weights[i] / sum);
                    result.add_(term);
                }

                break;
            case MergeMethod.Slerp:
                result = Slerp(sources[0].to(torch.ScalarType.Float32), sources[1].to(torch.ScalarType.Float32), recipe.T!.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Method, "Unknown merge method.");
        }

        return result.MoveToOuterDisposeScope();
    }

    private static torch.Tensor Slerp(torch.Tensor v0, torch.Tensor v1, double t)
    {
        var a = v0.flatten().to(torch.ScalarType.Float64);
        var b = v1.flatten().to(torch.ScalarType.Float64);
        var na = a.norm().item<double>();
        var nb = b.norm().item<double>();
        var dot = na == 0 || nb == 0 ? 1.0 : Math.Clamp((a.dot(b).item<double>()) / (na * nb), -1.0, 1.0);
        if (Math.Abs(dot) > ParallelThreshold)
        {
            return ((v0 * (1 - t)) + (v1 * t)).to(torch.ScalarType.Float32);
        }

        var theta = Math.Acos(dot);
        var sinTheta = Math.Sin(theta);
        var s0 = Math.Sin((1 - t) * theta) / sinTheta;
        var s1 = Math.Sin(t * theta) / sinTheta;
        return ((a * s0) + (b * s1)).view(v0.shape).to(torch.ScalarType.Float32);
    }
}
