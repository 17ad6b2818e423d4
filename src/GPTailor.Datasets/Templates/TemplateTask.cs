using System.Globalization;
using System.Text.Json.Nodes;

namespace GPTailor.Datasets;

/// <summary>A <see cref="TaskKind.Template"/> task: each row becomes a multiple-choice document through a <see cref="PromptTemplate"/>.</summary>
public static class TemplateTask
{
    /// <summary>The document of one row.</summary>
    /// <exception cref="TaskFormatException">The template does not fit the row (the message names file, row and column).</exception>
    public static MultipleChoiceDocument ToDocument(PromptTemplate template, DatasetRecord row)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(row);
        var context = TemplateRenderer.Render(template.Prompt, row);
        var choices = Choices(template, row);
        if (choices.Count < 2 || choices.Count > Benchmark.MaxChoices)
        {
            throw row.Error("choices", $"{choices.Count} choices; between 2 and {Benchmark.MaxChoices} are accepted.");
        }

        var gold = TemplateRenderer.Render(template.Gold, row);
        int index;
        if (template.Labels is not null)
        {
            var labels = List(template.Labels, row);
            index = labels.IndexOf(gold);
            if (labels.Count != choices.Count || index < 0)
            {
                throw row.Error(template.Labels, $"the gold '{gold}' is not among the {labels.Count} labels [{string.Join(", ", labels)}] (one per choice).");
            }
        }
        else if (!int.TryParse(gold, NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            index = choices.ToList().IndexOf(gold);
            if (index < 0)
            {
                throw row.Error(template.Gold, $"the gold '{gold}' is neither a choice index nor one of the choices.");
            }
        }

        return index >= 0 && index < choices.Count ? new MultipleChoiceDocument(context, choices, index) : throw row.Error(template.Gold, $"gold index {index} is outside the {choices.Count} choices.");
    }

    private static IReadOnlyList<string> Choices(PromptTemplate template, DatasetRecord row)
    {
        if (template.Choices.Count == 1)
        {
            var value = TemplateRenderer.SinglePlaceholder(template.Choices[0], row, out var single);
            if (single && value is JsonArray)
            {
                return List(template.Choices[0], row);
            }
        }

        return template.Choices.Select(c => TemplateRenderer.Render(c, row)).ToArray();
    }

    private static List<string> List(string placeholder, DatasetRecord row)
    {
        var value = TemplateRenderer.SinglePlaceholder(placeholder, row, out var single);
        if (!single || value is not JsonArray array)
        {
            throw row.Error(placeholder, "must be a single placeholder naming a list, such as {choices.text}.");
        }

        if (array.Count > Benchmark.MaxChoices)
        {
            throw row.Error(placeholder, $"{array.Count} items; at most {Benchmark.MaxChoices} are accepted.");
        }

        return array.Select(item => TemplateRenderer.Text(item, placeholder, row)).ToList();
    }
}
