
namespace GPTailor.Models;

/// <summary>
/// A layer of LaCo's current model: its source layer (which keeps its norms), the source layers absorbed so far and
/// the RDSC coefficients over all of them (RDSC is linear, so nested merges stay an affine combination of source layers).
/// </summary>
internal sealed class CollapseNode
{
    private CollapseNode(int root, SortedDictionary<int, double> coefficients)
    {
        Root = root;
        Coefficients = coefficients;
    }

    public int Root { get; }

    /// <summary>Source layer → coefficient, the root included.</summary>
    public SortedDictionary<int, double> Coefficients { get; }

    public static CollapseNode Of(int layer) => new(layer, new SortedDictionary<int, double> { [layer] = 1.0 });

    /// <summary>RDSC with the current weights: W = W_self + Σ_s (W_s − W_self) = (1 − m)·W_self + Σ_s W_s.</summary>
    public CollapseNode Absorb(IReadOnlyList<CollapseNode> successors)
    {
        var result = new SortedDictionary<int, double>();
        void Add(int layer, double value) => result[layer] = result.GetValueOrDefault(layer) + value;
        foreach (var (layer, value) in Coefficients)
        {
            Add(layer, (1 - successors.Count) * value);
        }

        foreach (var s in successors)
        {
            foreach (var (layer, value) in s.Coefficients)
            {
                Add(layer, value);
            }
        }

        return new CollapseNode(Root, result);
    }

    public LayerRecipe ToRecipe(CollapseMode mode)
    {
        var absorbed = Coefficients.Keys.Where(l => l != Root).ToArray();
        if (absorbed.Length == 0)
        {
            return new LayerRecipe { SourceLayer = Root, Merge = MergeRecipe.From(0) };
        }

        double[] coefficients = [Coefficients[Root], .. absorbed.Select(l => Coefficients[l])];
        double[] singleStep = [1.0 - absorbed.Length, .. absorbed.Select(_ => 1.0)];
        return new LayerRecipe
        {
            SourceLayer = Root,
            Merge = MergeRecipe.From(0),
            CollapsedLayers = absorbed,
            CollapseMode = mode,
            CollapseCoefficients = mode == CollapseMode.Rdsc && !coefficients.SequenceEqual(singleStep) ? coefficients : null,
        };
    }
}
