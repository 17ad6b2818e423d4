using System.Text.Json.Nodes;

namespace GPTailor.Datasets.Tests;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonObject ArcRow(string id, string question, string[] texts, string[] labels, string key) =>
        HubSchemas.Row(("id", id), ("question", question), ("choices", new JsonObject { ["text"] = HubSchemas.Strings(texts), ["label"] = HubSchemas.Strings(labels) }), ("answerKey", key));

    [Fact]
    public void EveryFormatReadsTheSameNestedRows()
    {
        JsonObject[] rows =
        [
            ArcRow("Mercury_1", "Which is a gas? é π 😀", ["ice", "steam", "rock"], ["A", "B", "C"], "B"),
            ArcRow("Mercury_2", "Pick \"one\"", ["a", "b", "c", "d"], ["1", "2", "3", "4"], "4"),
        ];
        foreach (var path in HubSchemas.WriteAll(_dir, "arc", HubSchemas.Arc, rows))
        {
            var read = DatasetFileReader.Read(path);
            Assert.Equal(2, read.Count);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.True(JsonNode.DeepEquals(rows[i], read[i].Values), $"{path} row {i}: {read[i].Values.ToJsonString()}");
                Assert.Equal(i, read[i].Row);
            }

            Assert.Single(DatasetFileReader.Read(path, limit: 1));
        }
    }

    [Fact]
    public void SplitsAreFoundByTheHubsFileNamesAndSaveToDiskFolders()
    {
        var rows = new[] { HubSchemas.Row(("text", "a b c")) };
        DatasetFileWriter.Parquet(_dir.File("hub/data/validation-00000-of-00001.parquet"), HubSchemas.Lambada, rows);
        DatasetFileWriter.Parquet(_dir.File("hub/data/test-00000-of-00002.parquet"), HubSchemas.Lambada, rows);
        DatasetFileWriter.Parquet(_dir.File("hub/data/test-00001-of-00002.parquet"), HubSchemas.Lambada, rows);
        DatasetFileWriter.Arrow(_dir.File("disk/test/data-00000-of-00001.arrow"), HubSchemas.Lambada, rows);
        File.WriteAllText(_dir.File("disk/test/dataset_info.json"), "{}");
        File.WriteAllText(_dir.File("disk/test/state.json"), "{}");
        File.WriteAllText(_dir.File("disk/dataset_dict.json"), "{\"splits\":[\"test\"]}");

        Assert.Equal(["test-00000-of-00002.parquet", "test-00001-of-00002.parquet"], DatasetFiles.Find(Path.Combine(_dir.Path, "hub"), "test").Select(Path.GetFileName));
        Assert.Equal(["validation-00000-of-00001.parquet"], DatasetFiles.Find(Path.Combine(_dir.Path, "hub"), "validation").Select(Path.GetFileName));
        Assert.Equal(["data-00000-of-00001.arrow"], DatasetFiles.Find(Path.Combine(_dir.Path, "disk"), "test").Select(Path.GetFileName));
        var ex = Assert.Throws<TaskFormatException>(() => DatasetFiles.Find(Path.Combine(_dir.Path, "disk"), "train"));
        Assert.Contains("no data file of split 'train'", ex.Message, StringComparison.Ordinal);
    }
}
