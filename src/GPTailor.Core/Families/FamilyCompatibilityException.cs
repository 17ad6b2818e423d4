namespace GPTailor;

/// <summary>The members of a family do not share an architecture; <see cref="Mismatches"/> lists every difference found.</summary>
public sealed class FamilyCompatibilityException : Exception
{
    /// <summary>Creates the exception from the list of mismatches.</summary>
    public FamilyCompatibilityException(IReadOnlyList<string> mismatches)
        : base("The family's models are not compatible:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches.Select(m => "  - " + m)))
    {
        Mismatches = mismatches;
    }

    /// <summary>Creates the exception with a message.</summary>
    public FamilyCompatibilityException(string message) : base(message) => Mismatches = [message];

    /// <summary>Creates the exception with a message and cause.</summary>
    public FamilyCompatibilityException(string message, Exception? inner) : base(message, inner) => Mismatches = [message];

    /// <summary>Creates the exception without details.</summary>
    public FamilyCompatibilityException() : this("The family's models are not compatible.") { }

    /// <summary>Every mismatch found.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
