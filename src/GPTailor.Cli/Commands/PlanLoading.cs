namespace GPTailor.Cli;

/// <summary>Loads a plan in either format against a family.</summary>
internal static class PlanLoading
{
    public static TailoringPlan Load(string path, ModelFamily family, bool anchorQuirk)
    {
        return PlanJson.Load(path, family.LayerCount, family.CandidateCount, anchorQuirk ? AnchorMode.OutputIndex : AnchorMode.SourceLayer);
    }
}
