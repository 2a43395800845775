using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>Python: requirements.txt, pyproject.toml or a *.py file. Dependencies go into a virtual environment
/// inside the release (.venv), like Nixpacks' /opt/venv, and .venv/bin comes first on PATH.</summary>
internal sealed class PythonProvider : IBuildProvider
{
    private const string Requirements = "requirements.txt";

    private static readonly string[] EntryPoints = ["main.py", "app.py", "server.py"];

    public string Name => "python";

    public bool Detect(ISourceFiles files) =>
        files.FileExists(Requirements)
        || files.FileExists("pyproject.toml")
        || files.RootFileNames().Any(name => name.EndsWith(".py", StringComparison.Ordinal));

    public ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics)
    {
        var phases = ValueList<PlannedPhase>.Empty;
        var pathPrefixes = ValueList<string>.Empty;
        if (ListsRequirements(files.ReadText(Requirements)))
        {
            phases = ValueList.Of(new PlannedPhase(
                BuildSpec.InstallPhase,
                ValueList.Of("python3 -m venv .venv", ".venv/bin/pip install -r requirements.txt")));
            pathPrefixes = ValueList.Of(".venv/bin");
        }
        else if (files.FileExists("pyproject.toml") && !files.FileExists(Requirements))
        {
            diagnostics.Add(Diagnostic.Warning(
                new SourceLocation(Path.Combine(files.DisplayPath, "pyproject.toml")),
                "dependencies are installed only from requirements.txt; add one (pip freeze > requirements.txt) or set the install phase's commands"));
        }

        var start = EntryPoints.Where(files.FileExists).Select(file => "python3 " + file).FirstOrDefault();
        return new ProviderDefaults(
            phases,
            start,
            "there is no main.py, app.py or server.py",
            new ValueMap([new("PIP_DISABLE_PIP_VERSION_CHECK", "1"), new("PYTHONUNBUFFERED", "1")]),
            // Output goes to a pipe, not a terminal: unbuffered so log lines appear as they are printed.
            new ValueMap([new("PYTHONUNBUFFERED", "1")]),
            pathPrefixes);
    }

    /// <summary>True when requirements.txt has a line that is neither blank nor a comment.</summary>
    private static bool ListsRequirements(string? text) =>
        text is not null && text.Split('\n').Select(line => line.Trim()).Any(line => line.Length > 0 && !line.StartsWith('#'));
}
