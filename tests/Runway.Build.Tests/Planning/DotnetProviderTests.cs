namespace Runway.Build.Tests.Planning;

public sealed class DotnetProviderTests
{
    private const string WebProject = """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""";

    private const string Library = """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""";

    private const string ConsoleNamed = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <AssemblyName>Acme.Tool</AssemblyName>
          </PropertyGroup>
        </Project>
        """;

    [Fact]
    public void Single_project_is_restored_published_and_started_from_out()
    {
        var plan = PlannerHarness.Service(new(("Api.csproj", WebProject), ("Program.cs", ""))).Planned();

        Assert.Equal("dotnet", plan.Provider);
        Assert.Equal(["dotnet restore Api.csproj"], plan.Commands("install"));
        Assert.Equal(["dotnet publish Api.csproj --no-restore -c Release -o out"], plan.Commands("build"));
        Assert.Equal("ASPNETCORE_HTTP_PORTS=${PORT:-8080} dotnet out/Api.dll", plan.StartCommand);
    }

    [Fact]
    public void AssemblyName_names_the_started_dll()
    {
        var plan = PlannerHarness.Service(new(("tool.csproj", ConsoleNamed))).Planned();

        Assert.EndsWith("dotnet out/Acme.Tool.dll", plan.StartCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotnet_wins_over_node_when_both_are_present()
    {
        var plan = PlannerHarness.Service(new(("Api.csproj", WebProject), ("package.json", """{"scripts":{"start":"x"}}"""))).Planned();

        Assert.Equal("dotnet", plan.Provider);
    }

    [Fact]
    public void Two_project_files_are_an_error_that_names_them()
    {
        var error = PlannerHarness.Service(new(("A.csproj", WebProject), ("B.fsproj", WebProject))).SingleError();

        Assert.Contains("A.csproj, B.fsproj", error.Message, StringComparison.Ordinal);
        Assert.Contains("point the part's directory at the project's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solution_publishes_its_single_executable_project()
    {
        var solution = """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Web", "src\Web\Web.csproj", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Core", "src\Core\Core.csproj", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            """;
        var plan = PlannerHarness.Service(new(("App.sln", solution), ("src/Web/Web.csproj", WebProject), ("src/Core/Core.csproj", Library))).Planned();

        Assert.Equal(["dotnet publish src/Web/Web.csproj --no-restore -c Release -o out"], plan.Commands("build"));
        Assert.EndsWith("dotnet out/Web.dll", plan.StartCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void Slnx_solution_is_read_too()
    {
        var solution = """<Solution><Project Path="Worker/Worker.csproj" /></Solution>""";
        var plan = PlannerHarness.Service(new(("App.slnx", solution), ("Worker/Worker.csproj", ConsoleNamed))).Planned();

        Assert.EndsWith("dotnet out/Acme.Tool.dll", plan.StartCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_library_has_no_start_command()
    {
        var error = PlannerHarness.Service(new(("Lib.csproj", Library))).SingleError();

        Assert.Contains("Lib.csproj is a class library", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_library_with_a_start_command_builds()
    {
        var plan = PlannerHarness.Service(new(("Lib.csproj", Library)), Support.Specs.Service(start: "dotnet out/Other.dll")).Planned();

        Assert.Equal("dotnet out/Other.dll", plan.StartCommand);
        Assert.Equal(["install", "build"], plan.PhaseNames());
    }
}
