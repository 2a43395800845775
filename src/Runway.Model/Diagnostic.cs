namespace Runway.Model;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>A place in a file; line and column are 1-based, 0 when unknown.</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() => Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
}

/// <summary>A problem found in the user's input: where, and what was expected.</summary>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Message)
{
    public static Diagnostic Error(SourceLocation location, string message) => new(Severity.Error, location, message);

    public static Diagnostic Warning(SourceLocation location, string message) => new(Severity.Warning, location, message);

    public bool IsError => Severity == Severity.Error;

    public override string ToString() => $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}
