namespace GPTailor.Cli;

/// <summary>The <c>--family</c>, <c>--plan</c> and <c>--reference-anchor-quirk</c> options of the commands that read a plan against a family.</summary>
internal sealed class PlanOptions
{
    public Option<string> Family { get; } = CommonOptions.Family();

    public Option<string> Plan { get; } = CommonOptions.Plan();

    public Option<bool> AnchorQuirk { get; } = CommonOptions.AnchorQuirk();

    /// <summary>Opens the family (headers checked) and reads the plan, in either format, against it; the caller disposes the family.</summary>
    public (ModelFamily Family, TailoringPlan Plan) Open(ParseResult result)
    {
        var family = CommonOptions.OpenFamily(result, Family);
        try
        {
            var anchors = result.GetValue(AnchorQuirk) ? AnchorMode.OutputIndex : AnchorMode.SourceLayer;
            return (family, PlanJson.Load(result.GetValue(Plan)!, family.LayerCount, family.CandidateCount, anchors));
        }
        catch
        {
            family.Dispose();
            throw;
        }
    }
}
