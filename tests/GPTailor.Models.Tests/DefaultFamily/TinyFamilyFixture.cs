
namespace GPTailor.Models.Tests;

/// <summary>Builds one tiny default family (2 layers, hidden 32) shared by the tests of a class.</summary>
public sealed class TinyFamilyFixture : IAsyncLifetime
{
    public static DefaultFamilyOptions Options { get; } = new()
    {
        Seed = 7,
        Layers = 2,
        Hidden = 32,
        Intermediate = 64,
        Heads = 4,
        KvHeads = 2,
        VocabSize = 290,
        BaseSteps = 40,
        FineTuneSteps = 4,
        BatchSize = 16,
        LearningRate = 1e-2,
        FineTuneLearningRate = 5e-3,
        CalibrationQuestions = 24,
        TestQuestions = 20,
    };

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gptailor-default-family-" + Guid.NewGuid().ToString("N"));

    public BuiltDefaultFamily Family { get; private set; } = null!;

    public List<DefaultFamilyProgress> Reports { get; } = [];

    public async Task InitializeAsync() =>
        Family = await DefaultFamilyBuilder.BuildAsync(Path.Combine(Root, "family"), Options, new SyncProgress<DefaultFamilyProgress>(Reports.Add));

    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
