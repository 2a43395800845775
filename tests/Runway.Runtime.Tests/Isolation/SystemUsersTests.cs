using Runway.Runtime.Isolation;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Isolation;

public sealed class SystemUsersTests
{
    [Theory]
    [InlineData("studybuddy", "runway-studybuddy")]
    [InlineData("My_App", "runway-my_app")]
    [InlineData("@acme/web shop", "runway-acme-web-shop")]
    [InlineData("---", "runway-app")]
    [InlineData("a-rather-long-application-name", "runway-a-rather-long-appl-c536a8")]
    public void User_names_are_runway_and_the_app_name_in_at_most_32_characters(string app, string expected)
    {
        var name = SystemUsers.NameFor(app);

        Assert.Equal(expected, name);
        Assert.Matches("^runway-[a-z0-9_-]+$", name);
        Assert.InRange(name.Length, 1, SystemUsers.MaxNameLength);
    }

    [Fact]
    public void Long_names_that_share_a_beginning_still_get_different_users()
    {
        var first = SystemUsers.NameFor("a-rather-long-application-name-one");
        var second = SystemUsers.NameFor("a-rather-long-application-name-two");

        Assert.NotEqual(first, second);
        Assert.Equal(SystemUsers.MaxNameLength, first.Length);
    }

    [Fact]
    public void Users_are_read_from_the_passwd_file()
    {
        using var directory = new TempDirectory();
        var passwd = directory.Write("passwd", "root:x:0:0:root:/root:/bin/bash\nrunway-shop:x:998:994::/nonexistent:/usr/sbin/nologin\nbroken:x:abc:1::/:/bin/sh\n");
        var users = new SystemUsers(new IsolationHost("/sys/fs/cgroup", "/proc/self/cgroup", passwd, directory.File("group"), null, null, "/usr/sbin/nologin"));

        Assert.Equal(new SystemUser("runway-shop", 998, 994), users.Find("runway-shop"));
        Assert.Equal(new SystemUser("root", 0, 0), users.Find("root"));
        Assert.Null(users.Find("broken"));
        Assert.Null(users.Find("runway-sho"));
    }
}
