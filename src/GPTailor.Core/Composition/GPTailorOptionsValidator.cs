using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>Validates <see cref="GPTailorOptions"/> beyond its data annotations.</summary>
internal sealed class GPTailorOptionsValidator : IValidateOptions<GPTailorOptions>
{
    public ValidateOptionsResult Validate(string? name, GPTailorOptions options)
    {
        var failures = new List<string>();
        if (!(options.Device == "cpu" || options.Device == "cuda" || options.Device.StartsWith("cuda:", StringComparison.Ordinal)))
        {
            failures.Add($"Device '{options.Device}' is not supported (use cpu, cuda or cuda:N).");
        }

        if (options.ComputeDType is not ("float32" or "bfloat16"))
        {
            failures.Add($"ComputeDType '{options.ComputeDType}' is not supported (use float32 or bfloat16).");
        }

        if (options.BatchSize < 1 || options.MaxLength < 1 || options.MergeCacheBytes < 0)
        {
            failures.Add("BatchSize and MaxLength must be ≥ 1 and MergeCacheBytes ≥ 0.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
