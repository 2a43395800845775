namespace Runway.Addons.Redis;

/// <summary>Redis answered a command with an error reply (<c>-ERR ...</c>, <c>-NOAUTH ...</c>, <c>-WRONGPASS ...</c>).</summary>
internal sealed class RespErrorException(string command, string reply) : Exception($"redis refused {command}: {reply}")
{
    /// <summary>The command's name (never its arguments, which may hold a password).</summary>
    public string Command { get; } = command;

    /// <summary>The error text as Redis sent it, e.g. "NOAUTH Authentication required.".</summary>
    public string Reply { get; } = reply;
}
