namespace GPTailor.Models;

/// <summary>
/// An input that an export must never overwrite: the output may not be it, contain it, or (for a directory) lie inside
/// it, whatever the spelling (paths are compared as canonical real paths, see <see cref="ExportTarget.CanonicalPath"/>).
/// </summary>
/// <param name="Path">The input's path (a directory or a file).</param>
/// <param name="Role">What it is, for the error message (e.g. <c>family member 'base'</c>, <c>run directory</c>).</param>
public sealed record ExportInput(string Path, string Role)
{
    /// <summary>A family member's model directory.</summary>
    /// <param name="member">The member.</param>
    public static ExportInput Member(FamilyMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new ExportInput(member.Directory, member.IsBase ? $"the base model '{member.Name}'" : $"family member '{member.Name}'");
    }
}
