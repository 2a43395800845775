using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class DotnetBuildTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Console_project_is_published_to_out_and_starts_from_there()
    {
        _harness.Write("worker/Worker.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>Acme.Worker</AssemblyName>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        _harness.Write("worker/Program.cs", """Console.WriteLine("worker says " + Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));""");
        _harness.Write("worker/bin/Debug/stale.dll", "left over from a local build");

        var result = await _harness.BuildAsync(_harness.App([Service("worker", "worker")], variables: Map(("PORT", "5123"))));

        Assert.True(result.Succeeded, result.Failure?.Message + "\n" + string.Join("\n", result.Failure?.LastLines ?? default));
        var part = Assert.Single(result.Parts);
        Assert.Equal("dotnet", part.Plan.Provider);
        Assert.True(File.Exists(Path.Combine(part.Directory, "out", "Acme.Worker.dll")));
        Assert.False(File.Exists(Path.Combine(part.Directory, "bin", "Debug", "stale.dll")), "bin/ of a .NET project is not copied");
        Assert.False(Directory.Exists(Path.Combine(_harness.AppRoot, "worker", "obj")), "the source tree was not built in");

        var (exitCode, output) = await BuildHarness.RunStartCommandAsync(part);
        Assert.Equal(0, exitCode);
        Assert.Equal("worker says 5123", output.Trim());
    }

    public void Dispose() => _harness.Dispose();
}
