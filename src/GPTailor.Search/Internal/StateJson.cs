using System.Text.Json;
using System.Text.Json.Serialization;

namespace GPTailor.Search;

/// <summary>Shared JSON settings for optimizer and scheduler states (exact doubles, named non-finite values).</summary>
internal static class StateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string Serialize<T>(T state) => JsonSerializer.Serialize(state, Options);

    /// <summary>Parses a state and checks its kind tag.</summary>
    /// <exception cref="FormatException">The text is not JSON of the expected shape or kind.</exception>
    public static T Deserialize<T>(string json, string expectedKind, Func<T, string?> kindOf)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        T? state;
        try
        {
            state = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The text is not a valid {expectedKind} state: {ex.Message}", ex);
        }

        if (state is null || kindOf(state) != expectedKind)
        {
            throw new FormatException($"The text is not a {expectedKind} state.");
        }

        return state;
    }

    /// <summary>Throws <see cref="FormatException"/> unless the array exists and has the given length.</summary>
    public static double[] RequireLength(double[]? values, int length, string name)
    {
        if (values is null || values.Length != length)
        {
            throw new FormatException($"State field '{name}' must have {length} values.");
        }

        return values;
    }
}
