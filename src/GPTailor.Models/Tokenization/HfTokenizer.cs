using Microsoft.ML.Tokenizers;

namespace GPTailor.Models;

/// <summary>
/// A Hugging Face model-directory tokenizer: loads <c>tokenizer.json</c> (byte-level BPE such as Llama-3/Qwen2/GPT-2,
/// or sentencepiece-style BPE with byte fallback such as Llama-2/Mistral) or, failing that, a sentencepiece
/// <c>tokenizer.model</c>, and encodes text to the same ids as Hugging Face <c>tokenizers</c>. BOS/EOS come from
/// <c>tokenizer_config.json</c>, then <c>config.json</c>, then the <c>tokenizer.json</c> post-processor (or the
/// sentencepiece model).
/// Instances are immutable. Added tokens flagged <c>normalized</c> are matched on the raw text (exact for the
/// Llama/Mistral/Qwen special tokens, which normalization leaves unchanged).
/// </summary>
public sealed class HfTokenizer
{
    private readonly TokenizerBackend _backend;

    private HfTokenizer(TokenizerBackend backend, string sourceFile, int? bosId, int? eosId, bool addsBos)
    {
        _backend = backend;
        SourceFile = sourceFile;
        BosId = bosId;
        EosId = eosId;
        AddsBos = addsBos;
    }

    /// <summary>The file the vocabulary was loaded from (<c>tokenizer.json</c> or <c>tokenizer.model</c>).</summary>
    public string SourceFile { get; }

    /// <summary>The beginning-of-sequence token id, if the model defines one.</summary>
    public int? BosId { get; }

    /// <summary>The end-of-sequence token id, if the model defines one.</summary>
    public int? EosId { get; }

    /// <summary>Whether <see cref="Encode(string, bool?)"/> prepends <see cref="BosId"/> when not told otherwise.</summary>
    public bool AddsBos { get; }

    /// <summary>Largest token id + 1 (model vocabulary and added tokens): the embedding rows a model needs.</summary>
    public int VocabularySize => _backend.VocabularySize;

    /// <summary>
    /// The underlying Microsoft.ML.Tokenizers tokenizer (Tiktoken/BPE for byte-level files, a sentencepiece-style
    /// BPE tokenizer for byte-fallback files, <see cref="LlamaTokenizer"/> for <c>tokenizer.model</c>). It never adds
    /// BOS/EOS; its special-token and normalization handling may differ from <see cref="Encode(string, bool?)"/> in
    /// edge cases, which is the Hugging Face-exact path.
    /// </summary>
    public Tokenizer Tokenizer => _backend.Tokenizer;

    /// <summary>Loads the tokenizer of a model directory, or returns null when it has neither <c>tokenizer.json</c> nor <c>tokenizer.model</c>.</summary>
    /// <exception cref="TokenizerFormatException">A tokenizer or config file is malformed or unsupported.</exception>
    public static HfTokenizer? TryLoad(string modelDirectory, HfTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        return File.Exists(Path.Combine(modelDirectory, "tokenizer.json")) || File.Exists(Path.Combine(modelDirectory, "tokenizer.model"))
            ? Load(modelDirectory, options)
            : null;
    }

    /// <summary>Loads the tokenizer of a Hugging Face model directory.</summary>
    /// <param name="modelDirectory">A directory holding <c>tokenizer.json</c> or <c>tokenizer.model</c>.</param>
    /// <param name="options">Loading options; <c>null</c> for defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">Neither tokenizer file is present.</exception>
    /// <exception cref="TokenizerFormatException">A tokenizer or config file is malformed or unsupported.</exception>
    /// <exception cref="InvalidOperationException">BOS is requested but the model defines no BOS token.</exception>
    public static HfTokenizer Load(string modelDirectory, HfTokenizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        options ??= new HfTokenizerOptions();
        if (options.MaxFileBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFileBytes, "MaxFileBytes must be positive.");
        }

        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"Model directory not found: '{modelDirectory}'.");
        }

        var jsonPath = Path.Combine(modelDirectory, "tokenizer.json");
        var modelPath = Path.Combine(modelDirectory, "tokenizer.model");
        var useModel = File.Exists(modelPath) && (options.PreferSentencePieceModel || !File.Exists(jsonPath));
        if (!useModel && !File.Exists(jsonPath))
        {
            if (Directory.Exists(jsonPath))
            {
                throw new FileNotFoundException($"'{jsonPath}' is a directory, but a tokenizer.json must be a regular file.", jsonPath);
            }

            throw new FileNotFoundException($"Neither tokenizer.json nor tokenizer.model found in '{modelDirectory}'.", jsonPath);
        }

        var source = useModel ? modelPath : jsonPath;
        var backend = useModel
            ? TokenizerBackendFactory.FromSentencePieceModel(modelPath, options.MaxFileBytes)
            : TokenizerBackendFactory.FromTokenizerJson(jsonPath, options.MaxFileBytes);
        var config = TokenizerConfigReader.Read(modelDirectory);
        var bos = ResolveId(backend, config.BosToken, config.ConfigBosId, backend.TemplateOrModelBosId, config);
        var eos = ResolveId(backend, config.EosToken, config.ConfigEosId, backend.ModelEosId, config);
        var addsBos = options.AddBos ?? config.AddBos ?? backend.DefaultAddsBos;
        if (addsBos && bos is null)
        {
            throw new InvalidOperationException($"BOS is requested but the tokenizer in '{modelDirectory}' defines no BOS token.");
        }

        return new HfTokenizer(backend, source, bos, eos, addsBos);
    }

    /// <summary>Encodes text to token ids, with a leading BOS when asked (never an EOS).</summary>
    /// <param name="text">The text; special-token strings in it (e.g. <c>&lt;|eot_id|&gt;</c>) become their ids.</param>
    /// <param name="addBos">Whether to prepend BOS; <c>null</c> uses <see cref="AddsBos"/>.</param>
    /// <exception cref="InvalidOperationException">BOS is requested but <see cref="BosId"/> is null.</exception>
    public int[] Encode(string text, bool? addBos = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _backend.Encode(text);
        if (!(addBos ?? AddsBos))
        {
            return [.. ids];
        }

        var bos = BosId ?? throw new InvalidOperationException("This tokenizer defines no BOS token.");
        var result = new int[ids.Count + 1];
        result[0] = bos;
        ids.CopyTo(result, 1);
        return result;
    }

    /// <summary>Decodes ids to text, keeping special tokens (as Hugging Face does by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(IReadOnlyList<int> ids) => Decode(ids, skipSpecialTokens: false);

    /// <summary>Decodes ids to text.</summary>
    /// <param name="ids">The token ids.</param>
    /// <param name="skipSpecialTokens">Whether to drop special tokens such as BOS/EOS from the text.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id outside the vocabulary [0, {VocabularySize}).");
            }
        }

        return _backend.Decode(ids, skipSpecialTokens);
    }

    /// <summary>The id of a vocabulary or added token, or <c>null</c> if it has none.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _backend.TokenToId(token);
    }

    private static int? ResolveId(TokenizerBackend backend, string? tokenName, int? configId, int? fallbackId, TokenizerConfigValues config)
    {
        if (tokenName is not null)
        {
            return backend.TokenToId(tokenName)
                   ?? throw new TokenizerFormatException(config.TokenizerConfigPath, $"token '{tokenName}' is not in the vocabulary");
        }

        if (configId is { } id)
        {
            return id < backend.VocabularySize
                ? id
                : throw new TokenizerFormatException(config.ModelConfigPath, $"token id {id} is outside the vocabulary");
        }

        return fallbackId;
    }
}
