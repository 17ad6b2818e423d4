namespace GPTailor;

/// <summary>
/// Which family members a tensor group comes from and how they are combined.
/// Member 0 is the base model; member j (1 ≤ j ≤ K) is candidate j − 1 in family order.
/// </summary>
public sealed record MergeRecipe
{
    /// <summary>The members combined; for <see cref="MergeMethod.Passthrough"/> exactly one.</summary>
    public required IReadOnlyList<int> Members { get; init; }

    /// <summary>The merge method.</summary>
    public MergeMethod Method { get; init; } = MergeMethod.Passthrough;

    /// <summary>λ of <see cref="MergeMethod.TaskArithmetic"/>.</summary>
    public double? Lambda { get; init; }

    /// <summary>Weights of <see cref="MergeMethod.Linear"/>, one per member.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>Interpolation factor of <see cref="MergeMethod.Slerp"/> (0 = first member, 1 = second).</summary>
    public double? T { get; init; }

    /// <summary>A passthrough of one member.</summary>
    public static MergeRecipe From(int member) => new() { Members = [member] };

    /// <summary>Task arithmetic of the given candidate members against the base.</summary>
    public static MergeRecipe TaskArithmeticOf(IReadOnlyList<int> members, double lambda) =>
        new() { Members = members, Method = MergeMethod.TaskArithmetic, Lambda = lambda };

    /// <summary>A canonical text such as <c>ta(1,3;λ=0.6)</c>, used in cache keys and tables.</summary>
    public string ToKey() => Method switch
    {
        MergeMethod.Passthrough => $"m{Members[0]}",
        MergeMethod.TaskArithmetic => $"ta({string.Join(',', Members)};{Lambda!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
        MergeMethod.Linear => $"linear({string.Join(',', Members)};{string.Join(',', Weights!.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})",
        MergeMethod.Slerp => $"slerp({string.Join(',', Members)};{T!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
        _ => throw new InvalidOperationException($"Unknown merge method {Method}."),
    };
}
