namespace Runway.Addons.Redis;

/// <summary>The <c>field:value</c> lines of an INFO reply (section headers and blank lines skipped).</summary>
internal static class RedisInfo
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line[0] != '#' && colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }
}
