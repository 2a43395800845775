using System.Text;

namespace Runway.Config.Loading;

/// <summary>Turns a package name or directory name into an app name (lower-case letters, digits and -).</summary>
internal static class AppNames
{
    public static string? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // npm scoped packages: "@team/web" is the app "web".
        var slash = text.LastIndexOf('/');
        var name = new StringBuilder();
        foreach (var c in text[(slash + 1)..].ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }

        var result = name.ToString().Trim('-', '_');
        return result.Length == 0 ? null : result.Length > 63 ? result[..63].TrimEnd('-', '_') : result;
    }
}
