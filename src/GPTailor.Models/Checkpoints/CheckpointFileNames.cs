
namespace GPTailor.Models;

/// <summary>The Hugging Face file names and patterns a checkpoint directory may contain.</summary>
internal static class CheckpointFileNames
{
    /// <summary>A single-file safetensors checkpoint.</summary>
    public const string SingleFile = ShardedSafetensorsWriter.SingleFileName;

    /// <summary>The index of a sharded safetensors checkpoint.</summary>
    public const string Index = ShardedSafetensorsWriter.IndexFileName;

    /// <summary>Extensions of PyTorch pickle checkpoints, which are refused.</summary>
    public static readonly string[] PickleExtensions = [".bin", ".pt", ".pth", ".ckpt", ".pkl"];

    /// <summary>True when <paramref name="path"/> has a pickle checkpoint extension.</summary>
    public static bool IsPickle(string path) =>
        Array.Exists(PickleExtensions, e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Explains why pickle files are refused and how to convert them.</summary>
    public static string PickleRefusal(string path, IEnumerable<string> pickleFiles) =>
        $"'{path}' holds only PyTorch pickle checkpoint files ({string.Join(", ", pickleFiles.Select(Path.GetFileName))}). " +
        "Pickle files can execute arbitrary code when loaded, so they are refused for safety. Convert the checkpoint to safetensors " +
        "first, in a trusted Python environment, for example: " +
        "python -c \"import torch; from safetensors.torch import save_file; " +
        "sd = torch.load('pytorch_model.bin', map_location='cpu', weights_only=True); " +
        "save_file({k: v.contiguous() for k, v in sd.items()}, 'model.safetensors', metadata={'format': 'pt'})\" " +
        "or, for a Hugging Face model, AutoModelForCausalLM.from_pretrained(dir).save_pretrained(out_dir, safe_serialization=True).";

    /// <summary>
    /// Throws <see cref="FileNotFoundException"/> naming <paramref name="path"/> as a directory when a directory stands
    /// where the checkpoint file <paramref name="path"/> belongs (so the user is not told the file is missing).
    /// </summary>
    /// <param name="path">Full path where a checkpoint file is expected.</param>
    /// <param name="what">What the file is, for the message (e.g. "the checkpoint file").</param>
    public static void RefuseDirectory(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is a directory, but {what} must be a regular file.", path);
        }
    }
}
