using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GPTailor;

/// <summary>
/// Imports the reference implementation's flat SMAC configurations (<c>remove_idx_i</c>, <c>layer_{L}_candidate_{j}</c>,
/// <c>layer_{L}_merge_scale_factor</c>; <c>layer_{L}_output_scale</c> is ignored as in the released code).
/// </summary>
public static partial class ReferenceConfigImporter
{
    /// <summary>True when the object has the keys of a reference flat configuration.</summary>
    public static bool LooksLikeReferenceConfig(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return !obj.ContainsKey("format") && obj.Select(kv => kv.Key).Any(k => k.StartsWith("remove_idx_", StringComparison.Ordinal) || CandidateKey().IsMatch(k));
    }

    /// <summary>Imports a flat configuration as a plan.</summary>
    /// <exception cref="PlanValidationException">Unknown keys, values of the wrong type or out of range.</exception>
    public static TailoringPlan Import(JsonObject obj, int layerCount, int candidateCount, AnchorMode anchorMode = AnchorMode.SourceLayer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var removed = new List<int>();
        var selected = Enumerable.Range(0, layerCount).Select(_ => new bool[candidateCount]).ToArray();
        var lambda = Enumerable.Repeat(1.0, layerCount).ToArray();
        foreach (var (key, value) in obj)
        {
            Match m;
            if (key.StartsWith("remove_idx_", StringComparison.Ordinal))
            {
                removed.Add(ReadInt(value, key, 0, layerCount - 1));
            }
            else if ((m = CandidateKey().Match(key)).Success)
            {
                var l = ParseIndex(m.Groups[1].Value, key, layerCount);
                var j = ParseIndex(m.Groups[2].Value, key, candidateCount);
                selected[l][j] = ReadInt(value, key, 0, 1) == 1;
            }
            else if ((m = ScaleKey().Match(key)).Success)
            {
                var l = ParseIndex(m.Groups[1].Value, key, layerCount);
                lambda[l] = ReadDouble(value, key);
                if (Math.Abs(lambda[l]) > PlanValidator.MaxAbsLambda)
                {
                    throw new PlanValidationException(string.Create(CultureInfo.InvariantCulture, $"'{key}' = {lambda[l]:R} is outside [-{PlanValidator.MaxAbsLambda}, {PlanValidator.MaxAbsLambda}]."));
                }
            }
            else if (OutputScaleKey().IsMatch(key))
            {
                // Searched but without effect in the released code (paper-digest §2.2): ignored.
            }
            else
            {
                throw new PlanValidationException($"Unknown key '{key}' in reference configuration.");
            }
        }

        return new GPTailorGenotype
        {
            LayerCount = layerCount,
            CandidateCount = candidateCount,
            Removed = removed,
            Selected = selected,
            Lambda = lambda,
        }.ToPlan(anchorMode, "imported reference configuration");
    }

    private static int ParseIndex(string text, string key, int count)
    {
        var i = int.Parse(text, CultureInfo.InvariantCulture);
        if (i >= count)
        {
            throw new PlanValidationException($"'{key}': index {i} is outside the family (count {count}).");
        }

        return i;
    }

    private static int ReadInt(JsonNode? node, string key, int min, int max)
    {
        double d;
        if (JsonValues.TryGetNumber(node, out var number))
        {
            d = number;
        }
        else if (JsonValues.TryGetString(node, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            d = parsed;
        }
        else
        {
            throw new PlanValidationException($"'{key}' must be an integer.");
        }

        if (!double.IsFinite(d) || d != Math.Floor(d) || d < min || d > max)
        {
            throw new PlanValidationException($"'{key}' = {d.ToString(CultureInfo.InvariantCulture)} is not an integer in [{min}, {max}].");
        }

        return (int)d;
    }

    private static double ReadDouble(JsonNode? node, string key)
    {
        return JsonValues.TryGetNumber(node, out var d) && double.IsFinite(d)
            ? d
            : throw new PlanValidationException($"'{key}' must be a finite number.");
    }

    [GeneratedRegex(@"^layer_(\d{1,5})_candidate_(\d{1,4})$")]
    private static partial Regex CandidateKey();

    [GeneratedRegex(@"^layer_(\d{1,5})_merge_scale_factor$")]
    private static partial Regex ScaleKey();

    [GeneratedRegex(@"^layer_(\d{1,5})_output_scale$")]
    private static partial Regex OutputScaleKey();
}
