using System.Buffers;

namespace Runway.Edge.Forwarding;

/// <summary>URL text that <see cref="Uri"/> would give back unchanged, so it can be used without building one: RFC 3986 unreserved
/// and sub-delimiter characters, ':', '@', '/' and '?', and no "." or ".." segment. '%' is left out, since <see cref="Uri"/> may
/// decode some escapes.</summary>
internal static class PlainUriText
{
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?");

    /// <summary>Only characters that need no escaping or normalising.</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Plain);

    /// <summary>A "." or ".." segment in the path part (before any '?'), which <see cref="Uri"/> would remove.</summary>
    public static bool HasDotSegment(ReadOnlySpan<char> pathAndQuery)
    {
        var mark = pathAndQuery.IndexOf('?');
        var path = mark < 0 ? pathAndQuery : pathAndQuery[..mark];
        foreach (var range in path.Split('/'))
        {
            if (path[range] is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
