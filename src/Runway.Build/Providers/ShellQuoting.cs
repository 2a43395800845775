namespace Runway.Build.Providers;

/// <summary>Quotes words for /bin/sh so file names with spaces or metacharacters stay one argument.</summary>
internal static class ShellQuoting
{
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or '='))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
