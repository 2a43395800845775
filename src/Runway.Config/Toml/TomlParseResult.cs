namespace Runway.Config.Toml;

/// <summary>A syntax error: what was expected, and where (1-based line and column).</summary>
public sealed record TomlError(string Message, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}

/// <summary>Either a document or the first error found.</summary>
public sealed record TomlParseResult(TomlTable? Document, TomlError? Error)
{
    public bool Success => Document is not null;
}
