using System.Text;
using System.Text.Json;

namespace GPTailor.Models;

/// <summary>
/// The <c>tokenizer.json</c> <c>decoder</c> as a chain over token strings, as in Hugging Face's decode_chain.
/// Supported: <c>Sequence</c>, <c>ByteLevel</c>, <c>Replace</c>, <c>ByteFallback</c>, <c>Fuse</c>, <c>Strip</c>,
/// <c>Metaspace</c>.
/// </summary>
internal sealed class DecoderPipeline
{
    private readonly IReadOnlyList<Func<List<string>, List<string>>> _steps;

    private DecoderPipeline(IReadOnlyList<Func<List<string>, List<string>>> steps) => _steps = steps;

    /// <summary>Turns token strings into text.</summary>
    public string Decode(IEnumerable<string> tokens)
    {
        var current = tokens.ToList();
        foreach (var step in _steps)
        {
            current = step(current);
        }

        return string.Concat(current);
    }

    /// <summary>Builds the pipeline from the <c>decoder</c> element (<c>null</c> means plain concatenation).</summary>
    public static DecoderPipeline Read(JsonElement? decoder, JsonFields json)
    {
        var steps = new List<Func<List<string>, List<string>>>();
        if (decoder is not null)
        {
            foreach (var (element, type, where) in json.Chain(decoder.Value, "decoders", "decoder"))
            {
                AddStep(element, type, json, steps, where);
            }
        }

        return new DecoderPipeline(steps);
    }

    private static void AddStep(JsonElement element, string type, JsonFields json, List<Func<List<string>, List<string>>> steps, string where)
    {
        switch (type)
        {
            case "ByteLevel":
                steps.Add(DecodeByteLevel);
                break;
            case "Replace":
                var replace = NormalizerPipeline.ReadReplace(element, json, where);
                steps.Add(tokens => tokens.ConvertAll(t => replace(t)));
                break;
            case "ByteFallback":
                steps.Add(DecodeByteFallback);
                break;
            case "Fuse":
                steps.Add(tokens => [string.Concat(tokens)]);
                break;
            case "Strip":
                steps.Add(ReadStrip(element, json, where));
                break;
            case "Metaspace":
                steps.Add(ReadMetaspace(element, json, where));
                break;
            default:
                throw json.Fail($"{where}: decoder type '{type}' is not supported");
        }
    }

    private static List<string> DecodeByteLevel(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (ByteLevelAlphabet.TryDecode(token, out var tokenBytes))
            {
                bytes.AddRange(tokenBytes);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
        }

        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }

    private static List<string> DecodeByteFallback(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByteToken(token, out var value))
            {
                pending.Add(value);
                continue;
            }

            Flush(pending, output);
            output.Add(token);
        }

        Flush(pending, output);
        return output;
    }

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            output.Add(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            output.AddRange(Enumerable.Repeat("\uFFFD", pending.Count));
        }

        pending.Clear();
    }

    /// <summary>Parses a sentencepiece byte token such as <c>&lt;0x0A&gt;</c>.</summary>
    public static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
               && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }

    private static Func<List<string>, List<string>> ReadStrip(JsonElement element, JsonFields json, string where)
    {
        var content = json.RequiredString(element, "content", where);
        if (content.Length != 1)
        {
            throw json.Fail($"{where}.content must be a single character");
        }

        var start = ReadCount(element, "start", json, where);
        var stop = ReadCount(element, "stop", json, where);
        var c = content[0];
        return tokens => tokens.ConvertAll(token =>
        {
            var begin = 0;
            while (begin < start && begin < token.Length && token[begin] == c)
            {
                begin++;
            }

            var end = token.Length;
            for (var removed = 0; removed < stop && end > begin && token[end - 1] == c; removed++)
            {
                end--;
            }

            return token[begin..end];
        });
    }

    private static int ReadCount(JsonElement element, string name, JsonFields json, string where) =>
        JsonFields.Optional(element, name) is { } value && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw json.Fail($"{where}.{name} must be a non-negative integer");

    private static Func<List<string>, List<string>> ReadMetaspace(JsonElement element, JsonFields json, string where)
    {
        var replacement = json.OptionalString(element, "replacement", where) ?? "\u2581";
        var scheme = json.OptionalString(element, "prepend_scheme", where)
                     ?? (json.OptionalBool(element, "add_prefix_space", where) == false ? "never" : "always");
        return tokens =>
        {
            var output = new List<string>(tokens.Count);
            for (var i = 0; i < tokens.Count; i++)
            {
                var text = tokens[i].Replace(replacement, " ", StringComparison.Ordinal);
                if (i == 0 && scheme != "never" && text.StartsWith(' '))
                {
                    text = text[1..];
                }

                output.Add(text);
            }

            return output;
        };
    }
}
