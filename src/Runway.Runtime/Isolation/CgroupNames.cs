using System.Text;

namespace Runway.Runtime.Isolation;

/// <summary>Directory names for cgroups: app and instance names reduced to letters, digits, '.', '-' and '_'.</summary>
internal static class CgroupNames
{
    private const int MaxLength = 100;

    public static string Segment(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var segment = text.ToString();
        if (segment.Length > MaxLength)
        {
            segment = segment[..MaxLength];
        }

        return segment is "" or "." or ".." ? "_" + segment : segment;
    }
}
