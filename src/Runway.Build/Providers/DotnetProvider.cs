using Runway.Build.Planning;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>.NET: a project or solution file. Restore, then publish to out/ and run the published assembly
/// (Nixpacks' csharp provider: dotnet restore, dotnet publish -c Release -o out).</summary>
internal sealed class DotnetProvider : IBuildProvider
{
    public string Name => "dotnet";

    public bool Detect(ISourceFiles files) => DotnetProjectLocator.HasProjectOrSolution(files);

    public ProviderDefaults Defaults(ISourceFiles files, ICollection<Diagnostic> diagnostics)
    {
        var (project, problem) = DotnetProjectLocator.Locate(files);
        if (project is null)
        {
            diagnostics.Add(Diagnostic.Error(
                new SourceLocation(files.DisplayPath),
                $"cannot choose the .NET project to build: {problem}; point the part's directory at the project's folder, or set the build and start commands"));
            return ProviderDefaults.None("no single .NET project was found");
        }

        var quoted = ShellQuoting.Quote(project.Path);
        return new ProviderDefaults(
            ValueList.Of(
                new PlannedPhase(BuildSpec.InstallPhase, ValueList.Of("dotnet restore " + quoted)),
                new PlannedPhase(BuildSpec.BuildPhaseName, ValueList.Of($"dotnet publish {quoted} --no-restore -c Release -o out"))),
            // ASP.NET Core listens on ASPNETCORE_HTTP_PORTS (all interfaces); an ASPNETCORE_URLS variable still wins over it.
            project.IsExecutable ? $"ASPNETCORE_HTTP_PORTS=${{PORT:-8080}} dotnet {ShellQuoting.Quote("out/" + project.AssemblyName + ".dll")}" : null,
            $"{project.Path} is a class library (no <OutputType>Exe</OutputType>, not a Web or Worker SDK project)",
            new ValueMap(new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                // No build servers: they would outlive the build command (and are killed with its process group anyway).
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
                ["UseSharedCompilation"] = "false",
            }),
            new ValueMap([new("ASPNETCORE_ENVIRONMENT", "Production"), new("DOTNET_CLI_TELEMETRY_OPTOUT", "1")]),
            ValueList<string>.Empty);
    }
}
