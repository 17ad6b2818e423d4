namespace GPTailor;

/// <summary>One model of a family: the base (index 0) or candidate fine-tune j (index j + 1).</summary>
/// <param name="Index">Member index: 0 for the base, 1..K for candidates.</param>
/// <param name="Name">A display name (the directory name by default).</param>
/// <param name="Directory">Absolute path of the Hugging Face model directory.</param>
public sealed record FamilyMember(int Index, string Name, string Directory)
{
    /// <summary>True for the base model.</summary>
    public bool IsBase => Index == 0;
}
