namespace Runway.Build.Providers;

/// <summary>Read-only view of a part's source directory, so providers and the planner can be tested without a disk.</summary>
/// <remarks>Paths are relative to the part's directory and use '/' as separator.</remarks>
internal interface ISourceFiles
{
    /// <summary>Human-readable location of the directory, for messages.</summary>
    string DisplayPath { get; }

    bool FileExists(string relativePath);

    bool DirectoryExists(string relativePath);

    /// <summary>The file's text, or null when it does not exist.</summary>
    string? ReadText(string relativePath);

    /// <summary>Names of the files directly in the directory, sorted ordinally.</summary>
    IReadOnlyList<string> RootFileNames();
}
