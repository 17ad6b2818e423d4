using System.Globalization;
using System.Text;

namespace GPTailor.Models;

/// <summary>Multiple-choice accuracy of each dense family member (rows) on each skill (columns).</summary>
/// <param name="Models">Member names, base first.</param>
/// <param name="Skills">Skill (task) names.</param>
/// <param name="Accuracy">Accuracy in [0, 1]: <c>Accuracy[model][skill]</c>.</param>
/// <param name="Questions">Questions scored per skill.</param>
public sealed record DefaultFamilyAccuracy(IReadOnlyList<string> Models, IReadOnlyList<string> Skills, IReadOnlyList<IReadOnlyList<double>> Accuracy, int Questions)
{
    /// <summary>The accuracy of member <paramref name="model"/> (0 = base) on the named skill.</summary>
    /// <exception cref="KeyNotFoundException">No such skill.</exception>
    public double Of(int model, string skill)
    {
        var column = Skills.ToList().IndexOf(skill);
        return column < 0 ? throw new KeyNotFoundException($"No skill '{skill}'.") : Accuracy[model][column];
    }

    /// <summary>A plain-text table with accuracies in percent.</summary>
    public string Format()
    {
        var width = Math.Max(10, Models.Max(m => m.Length) + 2);
        var text = new StringBuilder();
        text.Append("model".PadRight(width));
        foreach (var skill in Skills)
        {
            text.Append(skill.PadLeft(12));
        }

        text.AppendLine();
        for (var m = 0; m < Models.Count; m++)
        {
            text.Append(Models[m].PadRight(width));
            foreach (var value in Accuracy[m])
            {
                text.Append((value * 100).ToString("F1", CultureInfo.InvariantCulture).PadLeft(12));
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
