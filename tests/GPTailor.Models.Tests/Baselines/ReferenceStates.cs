using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// Hidden states of one sequence computed without batching or padding, by running the model's layers by hand, and
/// returned as float64 arrays so that the metrics can be recomputed with plain C# arithmetic.
/// </summary>
internal sealed record ReferenceStates(double[][][] Inputs, double[][] LastOutput, double[][] Normed)
{
    /// <summary>Inputs[i][t] = X_i at token t (i = 0..N−1, X_0 the embeddings); LastOutput = raw output of the last layer.</summary>
    public static ReferenceStates Of(CausalLanguageModel model, int[] tokens)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ids = torch.tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Length]);
        using var rope = new RotaryEmbedding(model.Config, model.Device);
        var (cos, sin) = rope.ForPositions(torch.arange(tokens.Length, dtype: torch.ScalarType.Int64).unsqueeze(0), model.DType);
        var hidden = model.Embeddings.index_select(0, ids.reshape(-1)).unsqueeze(0);
        var inputs = new List<double[][]>();
        foreach (var layer in model.Layers)
        {
            inputs.Add(ToArrays(hidden));
            hidden = layer.Forward(hidden, cos, sin, null);
        }

        var normed = RmsNorm.Apply(hidden, model.FinalNorm, model.Config.RmsNormEps);
        return new ReferenceStates(inputs.ToArray(), ToArrays(hidden), ToArrays(normed));
    }

    /// <summary>X_i for i = 0..N, X_N raw or after the final norm.</summary>
    public double[][] State(int i, bool lastNormed) => i < Inputs.Length ? Inputs[i] : lastNormed ? Normed : LastOutput;

    /// <summary>The output of layer i.</summary>
    public double[][] Output(int i) => i + 1 < Inputs.Length ? Inputs[i + 1] : LastOutput;

    public static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    public static double Norm(double[] a) => Math.Sqrt(a.Sum(x => x * x));

    private static double[][] ToArrays(torch.Tensor hidden)
    {
        var t = hidden.squeeze(0).to(torch.ScalarType.Float64);
        long length = t.shape[0], width = t.shape[1];
        var flat = t.contiguous().data<double>().ToArray();
        return Enumerable.Range(0, (int)length).Select(r => flat.AsSpan(r * (int)width, (int)width).ToArray()).ToArray();
    }
}
