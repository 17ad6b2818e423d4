namespace GPTailor.Datasets;

/// <summary>The bounds every dataset reader enforces, so a hostile file gives an error instead of exhausting memory.</summary>
public static class DatasetLimits
{
    /// <summary>Largest dataset file read, in bytes (Parquet and Arrow files are read whole into memory).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Longest string value, in UTF-16 characters.</summary>
    public const int MaxStringLength = 4 * 1024 * 1024;

    /// <summary>Most items in one list value.</summary>
    public const int MaxListItems = 100_000;

    /// <summary>Deepest nesting of lists and structs.</summary>
    public const int MaxDepth = 16;

    /// <summary>Most rows read from one task's files.</summary>
    public const int MaxRows = 10_000_000;

    /// <summary>Most files found under one dataset directory.</summary>
    public const int MaxFiles = 10_000;
}
