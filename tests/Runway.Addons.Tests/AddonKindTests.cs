namespace Runway.Addons.Tests;

public sealed class AddonKindTests
{
    [Fact]
    public void Both_kinds_of_the_issue_exist() => Assert.Equal(["Postgres", "Redis"], Enum.GetNames<AddonKind>());
}
