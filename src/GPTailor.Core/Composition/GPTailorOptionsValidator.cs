using Microsoft.Extensions.Options;

namespace GPTailor;

/// <summary>Validates <see cref="GPTailorOptions"/>.</summary>
internal sealed class GPTailorOptionsValidator : IValidateOptions<GPTailorOptions>
{
    public ValidateOptionsResult Validate(string? name, GPTailorOptions options) =>
        string.IsNullOrWhiteSpace(options.Optimizer)
            ? ValidateOptionsResult.Fail("Optimizer must name a registered optimizer (e.g. cmaes).")
            : ValidateOptionsResult.Success;
}
