using Runway.Addons.Redis;

namespace Runway.Addons.Tests.Redis;

/// <summary>A test that needs a real redis-server; skipped, saying how to install it, where there is none.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisHost.FindExecutable("redis-server") is null)
        {
            Skip = "redis-server is not installed: apt-get install -y redis-server (scripts/install-prerequisites.sh test does it)";
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="RedisFactAttribute"/>.</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        if (RedisHost.FindExecutable("redis-server") is null)
        {
            Skip = "redis-server is not installed: apt-get install -y redis-server (scripts/install-prerequisites.sh test does it)";
        }
    }
}
