using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Runway.Build.Providers;

/// <summary>Finds the one .NET project to publish in a directory: the single project file at its root, or the single
/// executable project listed in its single solution file.</summary>
internal static partial class DotnetProjectLocator
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    private static readonly string[] SolutionExtensions = [".sln", ".slnx"];

    public static bool HasProjectOrSolution(ISourceFiles files) =>
        files.RootFileNames().Any(name => HasExtension(name, ProjectExtensions) || HasExtension(name, SolutionExtensions));

    /// <summary>The project to publish (relative path), or null with the reason when there is none or more than one.</summary>
    public static (DotnetProject? Project, string? Problem) Locate(ISourceFiles files)
    {
        var names = files.RootFileNames();
        var projects = names.Where(name => HasExtension(name, ProjectExtensions)).ToList();
        if (projects.Count == 1)
        {
            return (Read(files, projects[0]), null);
        }

        if (projects.Count > 1)
        {
            return (null, $"there are {projects.Count} project files ({string.Join(", ", projects)})");
        }

        var solutions = names.Where(name => HasExtension(name, SolutionExtensions)).ToList();
        if (solutions.Count != 1)
        {
            return (null, solutions.Count == 0 ? "there is no project file" : $"there are {solutions.Count} solution files ({string.Join(", ", solutions)})");
        }

        var executables = SolutionProjects(files.ReadText(solutions[0]) ?? "")
            .Where(files.FileExists)
            .Select(path => Read(files, path))
            .Where(project => project.IsExecutable)
            .ToList();
        return executables.Count == 1
            ? (executables[0], null)
            : (null, $"{solutions[0]} lists {executables.Count} executable projects{(executables.Count > 0 ? " (" + string.Join(", ", executables.Select(p => p.Path)) + ")" : "")}");
    }

    private static DotnetProject Read(ISourceFiles files, string path)
    {
        var fileName = Path.GetFileNameWithoutExtension(path);
        try
        {
            var root = XDocument.Parse(files.ReadText(path) ?? "<Project />").Root;
            var sdk = root?.Attribute("Sdk")?.Value ?? "";
            string? Property(string name) => root?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            var assemblyName = Property("AssemblyName");
            var outputType = Property("OutputType");
            var executable = sdk.Contains("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase)
                || sdk.Contains("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase)
                || string.Equals(outputType, "Exe", StringComparison.OrdinalIgnoreCase)
                || string.Equals(outputType, "WinExe", StringComparison.OrdinalIgnoreCase);

            // An AssemblyName built from MSBuild properties cannot be known without evaluating the project.
            var name = string.IsNullOrEmpty(assemblyName) || assemblyName.Contains("$(", StringComparison.Ordinal) ? fileName : assemblyName;
            return new DotnetProject(path, name, executable);
        }
        catch (XmlException)
        {
            return new DotnetProject(path, fileName, false);
        }
    }

    /// <summary>Project paths listed in a .sln (<c>Project("{guid}") = "Name", "dir\x.csproj", ...</c>) or .slnx (<c>&lt;Project Path="..."/&gt;</c>).</summary>
    private static IEnumerable<string> SolutionProjects(string text)
    {
        var paths = SlnProjectLine().Matches(text).Select(match => match.Groups["path"].Value)
            .Concat(SlnxProjectElement().Matches(text).Select(match => match.Groups["path"].Value));
        return paths.Where(path => HasExtension(path, ProjectExtensions)).Select(path => path.Replace('\\', '/')).Distinct(StringComparer.Ordinal);
    }

    private static bool HasExtension(string name, string[] extensions) =>
        extensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("""^Project\("\{[^}]*\}"\)\s*=\s*"[^"]*"\s*,\s*"(?<path>[^"]+)""", RegexOptions.Multiline)]
    private static partial Regex SlnProjectLine();

    [GeneratedRegex("""<Project\s+Path="(?<path>[^"]+)""")]
    private static partial Regex SlnxProjectElement();
}

/// <summary>A .NET project: its path relative to the part directory and the name of the assembly it builds.</summary>
internal sealed record DotnetProject(string Path, string AssemblyName, bool IsExecutable);
