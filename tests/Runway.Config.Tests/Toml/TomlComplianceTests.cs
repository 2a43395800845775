using Xunit.Abstractions;

namespace Runway.Config.Tests.Toml;

/// <summary>Every TOML 1.0.0 case of toml-test: valid documents must equal their JSON, invalid ones must be rejected.</summary>
public sealed class TomlComplianceTests(ITestOutputHelper output)
{
    public static TheoryData<string> ValidCases => TomlTestSuite.AsTheoryData(TomlTestSuite.Cases("valid"));

    public static TheoryData<string> InvalidCases => TomlTestSuite.AsTheoryData(TomlTestSuite.Cases("invalid"));

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Valid_case_parses_to_the_expected_value(string path)
    {
        if (path == TomlTestSuite.Missing)
        {
            output.WriteLine(TomlTestSuite.SkipMessage);
            return;
        }

        Assert.Null(TomlTestSuite.CheckValid(path));
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_case_is_rejected_with_an_error(string path)
    {
        if (path == TomlTestSuite.Missing)
        {
            output.WriteLine(TomlTestSuite.SkipMessage);
            return;
        }

        Assert.Null(TomlTestSuite.CheckInvalid(path));
    }

    [Fact]
    public void All_cases_pass()
    {
        if (TomlTestSuite.Root is null)
        {
            output.WriteLine(TomlTestSuite.SkipMessage);
            return;
        }

        var valid = TomlTestSuite.Cases("valid");
        var invalid = TomlTestSuite.Cases("invalid");
        var failures = new List<string>();
        var validPassed = valid.Count(path => Passes(path, TomlTestSuite.CheckValid, failures));
        var invalidPassed = invalid.Count(path => Passes(path, TomlTestSuite.CheckInvalid, failures));

        output.WriteLine($"TOML 1.0 compliance: {validPassed}/{valid.Count} valid, {invalidPassed}/{invalid.Count} invalid passed");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Equal(210, valid.Count);
        Assert.Equal(499, invalid.Count);
        Assert.Empty(failures);
    }

    private static bool Passes(string path, Func<string, string?> check, List<string> failures)
    {
        string? failure;
        try
        {
            failure = check(path);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Reported per file so one crash does not hide the rest of the count.
            failure = "threw " + exception;
        }

        if (failure is not null)
        {
            failures.Add($"{path}: {failure}");
        }

        return failure is null;
    }
}
