using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GPTailor.Models;

/// <summary>
/// The <c>tokenizer.json</c> <c>normalizer</c> as a chain of string steps. Supported: <c>Sequence</c>,
/// <c>Prepend</c>, <c>Replace</c> (String or Regex pattern), <c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>,
/// <c>Lowercase</c>. Like Hugging Face, it runs on each piece of text between added tokens.
/// </summary>
internal sealed class NormalizerPipeline
{
    private readonly IReadOnlyList<Func<string, string>> _steps;

    private NormalizerPipeline(IReadOnlyList<Func<string, string>> steps) => _steps = steps;

    /// <summary>The pipeline that changes nothing.</summary>
    public static NormalizerPipeline Identity { get; } = new([]);

    /// <summary>Normalizes one piece of text.</summary>
    public string Apply(string text)
    {
        foreach (var step in _steps)
        {
            text = step(text);
        }

        return text;
    }

    /// <summary>Builds the pipeline from the <c>normalizer</c> element (<c>null</c> means none).</summary>
    public static NormalizerPipeline Read(JsonElement? normalizer, JsonFields json)
    {
        if (normalizer is null)
        {
            return Identity;
        }

        var steps = new List<Func<string, string>>();
        foreach (var (element, type, where) in json.Chain(normalizer.Value, "normalizers", "normalizer"))
        {
            AddStep(element, type, json, steps, where);
        }

        return new NormalizerPipeline(steps);
    }

    private static void AddStep(JsonElement element, string type, JsonFields json, List<Func<string, string>> steps, string where)
    {
        switch (type)
        {
            case "Prepend":
                var prefix = json.RequiredString(element, "prepend", where);
                steps.Add(text => text.Length == 0 ? text : prefix + text);
                break;
            case "Replace":
                steps.Add(ReadReplace(element, json, where));
                break;
            case "NFC" or "NFD" or "NFKC" or "NFKD":
                var form = type switch
                {
                    "NFC" => NormalizationForm.FormC,
                    "NFD" => NormalizationForm.FormD,
                    "NFKC" => NormalizationForm.FormKC,
                    _ => NormalizationForm.FormKD,
                };
                steps.Add(text => text.Normalize(form));
                break;
            case "Lowercase":
                steps.Add(text => text.ToLowerInvariant());
                break;
            default:
                throw json.Fail($"{where}: normalizer type '{type}' is not supported");
        }
    }

    /// <summary>Reads a <c>Replace</c> step (shared with the decoder reader).</summary>
    public static Func<string, string> ReadReplace(JsonElement element, JsonFields json, string where)
    {
        var pattern = json.RequiredObject(element, "pattern", where);
        var content = json.RequiredString(element, "content", where);
        if (json.OptionalString(pattern, "String", $"{where}.pattern") is { } literal)
        {
            return literal.Length == 0
                ? throw json.Fail($"{where}.pattern.String must not be empty")
                : text => text.Replace(literal, content, StringComparison.Ordinal);
        }

        var regexText = json.OptionalString(pattern, "Regex", $"{where}.pattern")
                        ?? throw json.Fail($"{where}.pattern needs a String or Regex");
        var regex = CompileRegex(regexText, json, where);
        return text => regex.Replace(text, content);
    }

    /// <summary>Compiles a tokenizer.json regex with a timeout, failing with a format error.</summary>
    public static Regex CompileRegex(string pattern, JsonFields json, string where)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException ex)
        {
            throw json.Fail($"{where}: regex '{pattern}' is not supported by .NET ({ex.Message})", ex);
        }
    }
}
