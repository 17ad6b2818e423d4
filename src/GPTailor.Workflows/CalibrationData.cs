using GPTailor.Models;

namespace GPTailor.Workflows;

/// <summary>Reads calibration JSONL in the perplexity format ({"text"} or {"tokens"}) for a model directory.</summary>
public static class CalibrationData
{
    /// <summary>Token sequences of a perplexity-format JSONL file, tokenized with the model's tokenizer (ids checked against its vocabulary).</summary>
    public static IReadOnlyList<int[]> Read(string modelDirectory, string dataPath)
    {
        var config = HfModelConfig.Load(modelDirectory);
        var tokenizer = HfTokenizer.TryLoad(modelDirectory);
        return TextDocumentEncoder.Encode(TaskDataReader.ReadText(dataPath, vocabularySize: config.VocabSize), tokenizer, config.VocabSize);
    }
}
