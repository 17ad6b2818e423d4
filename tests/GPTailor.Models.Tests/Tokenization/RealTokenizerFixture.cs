
namespace GPTailor.Models.Tests;

/// <summary>Loads one real tokenizer (ours and the HF oracle) once per test class.</summary>
public abstract class RealTokenizerFixture
{
    private readonly Lazy<(HfTokenizer Ours, OracleTokenizer Oracle)> _loaded;

    /// <summary>Prepares lazy loading of <c>.tok/{name}</c>.</summary>
    protected RealTokenizerFixture(string name)
    {
        _loaded = new Lazy<(HfTokenizer, OracleTokenizer)>(() =>
        {
            var directory = RealTokenizerFiles.Directory(name);
            return (HfTokenizer.Load(directory), new OracleTokenizer(Path.Combine(directory, "tokenizer.json")));
        });
    }

    /// <summary>Our tokenizer.</summary>
    internal HfTokenizer Ours => _loaded.Value.Ours;

    /// <summary>The Hugging Face reference.</summary>
    internal OracleTokenizer Oracle => _loaded.Value.Oracle;
}
