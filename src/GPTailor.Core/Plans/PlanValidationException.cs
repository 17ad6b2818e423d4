namespace GPTailor;

/// <summary>A plan or plan file is malformed or does not fit the family it is applied to.</summary>
public sealed class PlanValidationException : Exception
{
    /// <summary>Creates the exception with a message listing the problems.</summary>
    public PlanValidationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public PlanValidationException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public PlanValidationException() : base("Invalid tailoring plan.") { }
}
