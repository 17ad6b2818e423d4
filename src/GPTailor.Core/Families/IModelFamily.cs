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

    /// <summary>
    /// A fingerprint of member <paramref name="member"/>'s content, recorded in a search's <c>run.json</c> so that a
    /// resume against changed or reordered members is refused. It should be cheap (headers and a small sample, not the
    /// whole checkpoint). The default is the member's name only; GPTailor.Models' <c>ModelFamily</c> hashes the
    /// member's <c>config.json</c>, safetensors headers and a sample of the tensor data.
    /// </summary>
    /// <param name="member">Member index: 0 for the base, 1..K for candidates.</param>
    string MemberFingerprint(int member) => Members[member].Name;
}
