using GPTailor.Models.Configuration;
using GPTailor.Models.Evaluation;
using GPTailor.Models.Tokenization;
using GPTailor.Tasks;

namespace GPTailor.Cli.Commands;

/// <summary>Reads calibration JSONL in the perplexity format ({"text"} or {"tokens"}) for a model directory.</summary>
internal static class CalibrationData
{
    public static IReadOnlyList<int[]> Read(string modelDirectory, string dataPath)
    {
        var config = HfModelConfig.Load(modelDirectory);
        var tokenizer = HfTokenizer.TryLoad(modelDirectory);
        return TextDocumentEncoder.Encode(TaskDataReader.ReadText(dataPath, vocabularySize: config.VocabSize), tokenizer, config.VocabSize);
    }
}
