namespace GPTailor;

/// <summary>Turns the user's pruning target (layers to remove, layers to keep, or a sparsity) into a removal count k.</summary>
public static class RemovalCount
{
    /// <summary>k = N − keep.</summary>
    public static int FromKeep(int layerCount, int keep) =>
        Check(layerCount, layerCount - keep, $"--keep {keep}");

    /// <summary>k = ⌈N·s⌉, the paper's layer sparsity rule.</summary>
    public static int FromLayerSparsity(int layerCount, double sparsity)
    {
        if (!(sparsity >= 0 && sparsity < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparsity must be in [0, 1).");
        }

        return Check(layerCount, (int)Math.Ceiling((layerCount * sparsity) - 1e-9), $"sparsity {sparsity}");
    }

    /// <summary>The smallest k whose removed decoder parameters reach <paramref name="fraction"/> of all parameters.</summary>
    public static int FromParameterFraction(int layerCount, long parametersPerLayer, long totalParameters, double fraction)
    {
        if (!(fraction >= 0 && fraction < 1) || parametersPerLayer <= 0 || totalParameters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Fraction must be in [0, 1) and parameter counts positive.");
        }

        return Check(layerCount, (int)Math.Ceiling((fraction * totalParameters / parametersPerLayer) - 1e-9), $"parameter fraction {fraction}");
    }

    /// <summary>Checks k is in [0, N − 1].</summary>
    public static int Check(int layerCount, int remove, string what = "removal count")
    {
        if (remove < 0 || remove >= layerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(remove), remove, $"{what} gives {remove} layers to remove; a model of {layerCount} layers allows 0..{layerCount - 1}.");
        }

        return remove;
    }
}
