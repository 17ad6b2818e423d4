namespace GPTailor.Models;

/// <summary>
/// A built (or reused) default family on disk: a Hugging Face Llama base and one fine-tune per skill, sharing one
/// <c>tokenizer.json</c>, plus calibration and test task sets (one multiple-choice task per skill).
/// </summary>
/// <param name="Directory">The family's root directory.</param>
/// <param name="FamilyPath">The <c>family.json</c> (base first, then the fine-tunes in <see cref="SkillNames"/> order).</param>
/// <param name="CalibrationTasksPath"><c>tasks.json</c> of the calibration (search) splits.</param>
/// <param name="TestTasksPath"><c>tasks.json</c> of the test (report) splits.</param>
/// <param name="BaseDirectory">Model directory of the base.</param>
/// <param name="FineTuneDirectories">Model directories of the fine-tunes, one per skill, in <see cref="SkillNames"/> order.</param>
/// <param name="SkillNames">The skills (= task names); fine-tune j specialises in skill j.</param>
/// <param name="OptionsHash">The cache key (see <see cref="DefaultFamilyOptions.ComputeHash"/>).</param>
/// <param name="Reused">True when a complete cached build was found and nothing was trained.</param>
public sealed record BuiltDefaultFamily(
    string Directory,
    string FamilyPath,
    string CalibrationTasksPath,
    string TestTasksPath,
    string BaseDirectory,
    IReadOnlyList<string> FineTuneDirectories,
    IReadOnlyList<string> SkillNames,
    string OptionsHash,
    bool Reused);
