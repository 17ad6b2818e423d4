namespace GPTailor.Models.Tests;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the calling thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>Type inference helper.</summary>
internal static class SyncProgress
{
    public static SyncProgress<T> Of<T>(Action<T> report) => new(report);
}
