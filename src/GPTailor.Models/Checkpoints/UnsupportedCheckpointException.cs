namespace GPTailor.Models;

/// <summary>
/// The checkpoint exists but is in a format this library refuses or cannot read, such as PyTorch pickle files
/// (<c>pytorch_model.bin</c>, <c>*.pt</c>, <c>*.pth</c>, <c>*.ckpt</c>), which can run arbitrary code when loaded.
/// </summary>
public sealed class UnsupportedCheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file or directory.</param>
    /// <param name="message">The full message, including how to fix the problem.</param>
    public UnsupportedCheckpointException(string path, string message)
        : base(message)
    {
        CheckpointPath = path;
    }

    /// <summary>The checkpoint file or directory.</summary>
    public string CheckpointPath { get; }
}
