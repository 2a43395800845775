using System.Text.RegularExpressions;

namespace Runway.Edge.Routing.Runtime;

/// <summary>How a route's source matched the path: the regex's own match, or a <see cref="PrefixSource"/>'s (the whole path and
/// one group, the rest after the prefix), read the same way by templates.</summary>
internal readonly struct SourceMatch
{
    private readonly Match? _match;
    private readonly string? _path;
    private readonly int _restStart;

    public SourceMatch(Match match) => _match = match;

    private SourceMatch(string path, int restStart)
    {
        _path = path;
        _restStart = restStart;
    }

    /// <summary>A prefix match of <paramref name="path"/>: group 0 is the path, group 1 what follows the prefix.</summary>
    public static SourceMatch OfPrefix(string path, int restStart) => new(path, restStart);

    /// <summary>Groups in the match, group 0 (the whole match) included.</summary>
    public int GroupCount => _match is not null ? _match.Groups.Count : _path is null ? 0 : 2;

    public bool Succeeded(int group) => _match is not null ? _match.Groups[group].Success : group < GroupCount;

    /// <summary>The text group <paramref name="group"/> captured (empty when it took no part); group must be below <see cref="GroupCount"/>.</summary>
    public ReadOnlySpan<char> Span(int group) => _match is not null ? _match.Groups[group].ValueSpan
        : group == 0 ? _path : _path.AsSpan(_restStart);
}
