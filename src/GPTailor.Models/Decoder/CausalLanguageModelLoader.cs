using TorchSharp;

namespace GPTailor.Models;

/// <summary>Loads decoder weights from a checkpoint, after checking every expected tensor's presence, shape and dtype.</summary>
public static class CausalLanguageModelLoader
{
    private static readonly HashSet<string> FloatingTags = new(StringComparer.Ordinal) { "F32", "F16", "BF16", "F64" };

    /// <summary>Loads a model that owns its weights (disposing the model disposes them).</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="config">Its configuration.</param>
    /// <param name="options">Compute dtype and device (default float32 on CPU).</param>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape or a non-floating dtype.</exception>
    /// <exception cref="DeviceUnavailableException">The device is not available.</exception>
    public static CausalLanguageModel Load(ICheckpoint checkpoint, HfModelConfig config, ModelLoadOptions? options = null)
    {
        var weights = LoadWeights(checkpoint, config, options);
        try
        {
            return weights.CreateModel(config, ownsWeights: true);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads the model of a Hugging Face directory (<c>config.json</c> and safetensors weights); the weights are copied
    /// out of the memory-mapped files, which are closed again before this returns.
    /// </summary>
    /// <param name="modelDirectory">The model directory.</param>
    /// <param name="options">Compute dtype and device (default float32 on CPU).</param>
    /// <exception cref="FileNotFoundException">The directory has no <c>config.json</c>.</exception>
    /// <exception cref="UnsupportedModelException">The configuration is not supported.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape or a non-floating dtype.</exception>
    public static CausalLanguageModel Load(string modelDirectory, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        var config = HfModelConfig.Load(modelDirectory);
        using var checkpoint = SafetensorsCheckpoint.Open(modelDirectory);
        return Load(checkpoint, config, options);
    }

    /// <summary>Loads every tensor of the model into a holder the caller owns.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="config">Its configuration.</param>
    /// <param name="options">Compute dtype and device.</param>
    public static ModelWeights LoadWeights(ICheckpoint checkpoint, HfModelConfig config, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(config);
        options ??= ModelLoadOptions.Default;
        var device = ResolveDevice(options);
        options.ComputeDType.EnsureComputesOn(device);
        ValidateCheckpoint(checkpoint, config);
        var loaded = new List<torch.Tensor>();
        try
        {
            torch.Tensor Read(TensorRole role, int layer = 0, bool optional = false) =>
                ReadRole(checkpoint, config, role, layer, options.ComputeDType.ScalarType, device, loaded, optional)!;
            var embeddings = Read(TensorRole.Embeddings);
            var layers = Enumerable.Range(0, config.NumHiddenLayers)
                .Select(i => ReadLayer(checkpoint, config, i, options.ComputeDType.ScalarType, device, loaded))
                .ToArray();
            var norm = Read(TensorRole.FinalNorm);
            var head = config.TieWordEmbeddings ? null : Read(TensorRole.LanguageModelHead);
            return new ModelWeights(embeddings, layers, norm, head);
        }
        catch
        {
            loaded.ForEach(t => t.Dispose());
            throw;
        }
    }

    /// <summary>Loads one layer's tensors; the caller owns (and disposes) them.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="config">Its configuration.</param>
    /// <param name="layer">Zero-based layer index.</param>
    /// <param name="options">Compute dtype and device.</param>
    public static DecoderLayerWeights LoadLayer(ICheckpoint checkpoint, HfModelConfig config, int layer, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, config.NumHiddenLayers);
        options ??= ModelLoadOptions.Default;
        var device = ResolveDevice(options);
        options.ComputeDType.EnsureComputesOn(device);
        CheckTensors(checkpoint, config.Architecture.ExpectedLayerTensors(config, layer));
        var loaded = new List<torch.Tensor>();
        try
        {
            return ReadLayer(checkpoint, config, layer, options.ComputeDType.ScalarType, device, loaded);
        }
        catch
        {
            loaded.ForEach(t => t.Dispose());
            throw;
        }
    }

    /// <summary>Checks that the checkpoint holds every expected tensor with the expected shape and a floating dtype.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="config">Its configuration.</param>
    /// <exception cref="InvalidDataException">Something is missing or wrong.</exception>
    public static void ValidateCheckpoint(ICheckpoint checkpoint, HfModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(config);
        CheckTensors(checkpoint, config.Architecture.ExpectedTensors(config));
    }

    /// <summary>The TorchSharp device of the options, checked to exist in this process (see <see cref="ComputeDevice.ToTorchDevice"/>).</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="DeviceUnavailableException">CUDA requested but unavailable, or an index out of range.</exception>
    public static torch.Device ResolveDevice(ModelLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Device.ToTorchDevice();
    }

    private static void CheckTensors(ICheckpoint checkpoint, IReadOnlyDictionary<string, long[]> expected)
    {
        foreach (var (name, shape) in expected)
        {
            if (!checkpoint.Contains(name))
            {
                throw new InvalidDataException($"Checkpoint '{checkpoint.Source}' lacks tensor '{name}'.");
            }

            var info = checkpoint.GetInfo(name);
            if (!info.Shape.SequenceEqual(shape))
            {
                throw new InvalidDataException($"Tensor '{name}' in '{checkpoint.Source}' has shape [{string.Join(", ", info.Shape)}]; the configuration implies [{string.Join(", ", shape)}].");
            }

            if (!FloatingTags.Contains(info.DType))
            {
                throw new InvalidDataException($"Tensor '{name}' in '{checkpoint.Source}' has dtype {info.DType}; expected one of F32, BF16, F16, F64.");
            }
        }
    }

    private static DecoderLayerWeights ReadLayer(ICheckpoint checkpoint, HfModelConfig config, int layer, torch.ScalarType dtype, torch.Device device, List<torch.Tensor> loaded)
    {
        torch.Tensor? Read(TensorRole role) => ReadRole(checkpoint, config, role, layer, dtype, device, loaded, optional: true);
        torch.Tensor Need(TensorRole role) => Read(role) ?? throw new InvalidDataException($"Architecture {config.Architecture.Name} defines no tensor for {role}.");
        return new DecoderLayerWeights(
            Need(TensorRole.InputNorm),
            Need(TensorRole.QueryWeight),
            Need(TensorRole.KeyWeight),
            Need(TensorRole.ValueWeight),
            Need(TensorRole.OutputWeight),
            Need(TensorRole.PostAttentionNorm),
            Need(TensorRole.GateWeight),
            Need(TensorRole.UpWeight),
            Need(TensorRole.DownWeight),
            Read(TensorRole.QueryBias),
            Read(TensorRole.KeyBias),
            Read(TensorRole.ValueBias),
            Read(TensorRole.OutputBias));
    }

    private static torch.Tensor? ReadRole(ICheckpoint checkpoint, HfModelConfig config, TensorRole role, int layer, torch.ScalarType dtype, torch.Device device, List<torch.Tensor> loaded, bool optional)
    {
        var a = config.Architecture;
        var template = ArchitectureDescription.Present(a.PreWeights.Concat(a.LayerWeights).Concat(a.PostWeights), config)
            .FirstOrDefault(t => t.Role == role);
        if (template is null)
        {
            return optional ? null : throw new InvalidDataException($"Architecture {a.Name} defines no tensor for {role}.");
        }

        var tensor = checkpoint.ReadTensor(template.NameFor(layer), dtype, device);
        loaded.Add(tensor);
        return tensor;
    }
}
