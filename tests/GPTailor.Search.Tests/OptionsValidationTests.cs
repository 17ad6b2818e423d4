namespace GPTailor.Search.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        new CmaEsOptions().Validate();
        new RandomSearchOptions().Validate();
        new SpsaOptions().Validate();
        new HyperbandOptions().Validate();
    }

    [Fact]
    public void OutOfRangeSettingsThrowArgumentExceptionWithTheSettingName()
    {
        Assert.Contains("TolConditionCov", Assert.Throws<ArgumentException>(() => new CmaEsOptions { TolConditionCov = 0.5 }.Validate()).Message);
        Assert.Contains("IncreasePopulationFactor", Assert.Throws<ArgumentException>(() => new CmaEsOptions { IncreasePopulationFactor = 0.5 }.Validate()).Message);
        Assert.Contains("Mean0", Assert.Throws<ArgumentException>(() => new CmaEsOptions { Mean0 = [1, 2] }.Validate(3)).Message);
        Assert.Contains("MaxEvaluations", Assert.Throws<ArgumentException>(() => new RandomSearchOptions { MaxEvaluations = -1 }.Validate()).Message);
        Assert.Contains("Alpha", Assert.Throws<ArgumentException>(() => new SpsaOptions { Alpha = 0 }.Validate()).Message);
        Assert.Contains("InitialPoint", Assert.Throws<ArgumentException>(() => new SpsaOptions { InitialPoint = [1] }.Validate(2)).Message);
        Assert.Contains("MaxBrackets", Assert.Throws<ArgumentException>(() => new HyperbandOptions { MaxBrackets = -1 }.Validate()).Message);
    }
}
