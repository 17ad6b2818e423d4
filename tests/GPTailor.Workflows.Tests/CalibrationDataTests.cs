namespace GPTailor.Workflows.Tests;

[Collection("torch")]
public sealed class CalibrationDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void TokenLinesAreReturnedAsGiven()
    {
        var model = BaselineModels.Write(_dir.File("model"), layers: 2);
        var data = _dir.Write("calib.jsonl", "{\"tokens\":[1,5,9]}\n{\"tokens\":[2,95]}\n");

        var sequences = CalibrationData.Read(model, data);

        Assert.Equal(2, sequences.Count);
        Assert.Equal([1, 5, 9], sequences[0]);
        Assert.Equal([2, 95], sequences[1]);
    }

    [Fact]
    public void TokenOutsideTheModelVocabularyIsATypedError()
    {
        var model = BaselineModels.Write(_dir.File("model"), layers: 2); // vocabulary 96
        var data = _dir.Write("calib.jsonl", "{\"tokens\":[1,96]}\n");

        var error = Assert.Throws<TaskFormatException>(() => CalibrationData.Read(model, data));
        Assert.Contains("[0, 96)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextWithoutATokenizerIsATypedError()
    {
        var model = BaselineModels.Write(_dir.File("model"), layers: 2); // no tokenizer files
        var data = _dir.Write("calib.jsonl", "{\"text\":\"hello\"}\n");

        var error = Assert.Throws<TaskFormatException>(() => CalibrationData.Read(model, data));
        Assert.Contains("no tokenizer", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
