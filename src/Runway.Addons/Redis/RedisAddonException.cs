namespace Runway.Addons.Redis;

/// <summary>A managed Redis could not be started, reached, snapshotted or stopped as asked; the message says why and what would fix it.</summary>
public sealed class RedisAddonException : Exception
{
    public RedisAddonException(string message)
        : base(message)
    {
    }

    public RedisAddonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
