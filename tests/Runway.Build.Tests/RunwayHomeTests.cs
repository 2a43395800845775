namespace Runway.Build.Tests;

public sealed class RunwayHomeTests
{
    [Theory]
    [InlineData(null, "/home/ada/.runway")]
    [InlineData("  ", "/home/ada/.runway")]
    [InlineData("/srv/runway", "/srv/runway")]
    [InlineData("~/data/runway", "/home/ada/data/runway")]
    [InlineData("~", "/home/ada")]
    public void Resolves_the_variable_with_a_default_under_the_user_home(string? variable, string expected)
    {
        var home = RunwayHome.Resolve(variable, "/home/ada");

        Assert.Equal(expected, home.Path);
        Assert.Equal(Path.Combine(expected, "releases"), home.ReleasesDirectory);
    }
}
