namespace GPTailor.Models;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the calling thread (messages stay in order).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
