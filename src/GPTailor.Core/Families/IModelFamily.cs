namespace GPTailor;

/// <summary>
/// A base model and K candidate fine-tunes of the same architecture, checked compatible from their headers: what the
/// search needs to know about it (architecture, layer count, members). Implementation-specific access (for example
/// the members' configurations and tensors of GPTailor.Models' <c>ModelFamily</c>) is reached through
/// <see cref="IServiceLookup.GetService"/>.
/// </summary>
public interface IModelFamily : IDisposable, IServiceLookup
{
    /// <summary>The architecture name from the base config, e.g. <c>LlamaForCausalLM</c>.</summary>
    string Architecture { get; }

    /// <summary>Decoder layer count N shared by every member.</summary>
    int LayerCount { get; }

    /// <summary>All members: index 0 is the base, 1..K the candidates.</summary>
    IReadOnlyList<FamilyMember> Members { get; }

    /// <summary>Number of candidates K.</summary>
    int CandidateCount => Members.Count - 1;

    /// <summary>Parameters of the whole base model.</summary>
    long TotalParameters { get; }
}
