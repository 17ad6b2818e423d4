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
        CheckComputeDType(options.ComputeDType, device);
        ValidateCheckpoint(checkpoint, config);
        var loaded = new List<torch.Tensor>();
        try
        {
            torch.Tensor Read(TensorRole role, int layer = 0, bool optional = false) =>
                ReadRole(checkpoint, config, role, layer, options.ComputeDType, device, loaded, optional)!;
            var embeddings = Read(TensorRole.Embeddings);
            var layers = Enumerable.Range(0, config.NumHiddenLayers)
                .Select(i => ReadLayer(checkpoint, config, i, options.ComputeDType, device, loaded))
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
        CheckComputeDType(options.ComputeDType, device);
        CheckTensors(checkpoint, config.Architecture.ExpectedLayerTensors(config, layer));
        var loaded = new List<torch.Tensor>();
        try
        {
            return ReadLayer(checkpoint, config, layer, options.ComputeDType, device, loaded);
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

    /// <summary>Parses the device string and checks that the device exists in this process.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="DeviceUnavailableException">CUDA requested but unavailable, or an index out of range.</exception>
    public static torch.Device ResolveDevice(ModelLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        torch.Device device;
        try
        {
            device = torch.device(options.Device);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new DeviceUnavailableException($"'{options.Device}' is not a device name (use cpu, cuda or cuda:N).", e);
        }

        if (device.type == DeviceType.CUDA)
        {
            if (!torch.cuda.is_available())
            {
                throw new DeviceUnavailableException($"Device '{options.Device}' requested, but CUDA is not available in this process (no GPU, or a CPU-only libtorch package).");
            }

            if (device.index >= torch.cuda.device_count())
            {
                throw new DeviceUnavailableException($"Device '{options.Device}' requested, but only {torch.cuda.device_count()} CUDA device(s) exist.");
            }
        }
        else if (device.type != DeviceType.CPU)
        {
            throw new DeviceUnavailableException($"Device '{options.Device}' is not supported; use cpu or cuda.");
        }

        return device;
    }

    private static void CheckComputeDType(torch.ScalarType dtype, torch.Device device)
    {
        bool ok = dtype is torch.ScalarType.Float32 or torch.ScalarType.BFloat16
            || (dtype == torch.ScalarType.Float16 && device.type == DeviceType.CUDA);
        if (!ok)
        {
            throw new ArgumentException($"Compute dtype {dtype} is not supported on {device.type}; use Float32 or BFloat16 (Float16 only on CUDA).", nameof(dtype));
        }
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
