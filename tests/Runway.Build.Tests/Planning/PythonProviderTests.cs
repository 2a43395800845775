using Runway.Model;

namespace Runway.Build.Tests.Planning;

public sealed class PythonProviderTests
{
    [Fact]
    public void Requirements_install_into_a_virtual_environment_inside_the_release()
    {
        var plan = PlannerHarness.Service(new(("requirements.txt", "flask==3.0\n"), ("main.py", ""))).Planned();

        Assert.Equal("python", plan.Provider);
        Assert.Equal(["python3 -m venv .venv", ".venv/bin/pip install -r requirements.txt"], plan.Commands("install"));
        Assert.Equal(ValueList.Of(".venv/bin"), plan.PathPrefixes);
        Assert.Equal("python3 main.py", plan.StartCommand);
    }

    [Fact]
    public void Requirements_with_only_comments_install_nothing()
    {
        var plan = PlannerHarness.Service(new(("requirements.txt", "# nothing yet\n\n   \n"), ("app.py", ""))).Planned();

        Assert.Empty(plan.Phases);
        Assert.Empty(plan.PathPrefixes);
        Assert.Equal("python3 app.py", plan.StartCommand);
    }

    [Theory]
    [InlineData("main.py")]
    [InlineData("app.py")]
    [InlineData("server.py")]
    public void A_python_file_alone_is_detected_and_started(string file)
    {
        var plan = PlannerHarness.Service(new((file, "print(1)"))).Planned();

        Assert.Equal("python", plan.Provider);
        Assert.Equal("python3 " + file, plan.StartCommand);
    }

    [Fact]
    public void Main_py_wins_over_app_py()
    {
        var plan = PlannerHarness.Service(new(("app.py", ""), ("main.py", ""))).Planned();

        Assert.Equal("python3 main.py", plan.StartCommand);
    }

    [Fact]
    public void Pyproject_without_requirements_warns_that_nothing_is_installed()
    {
        var result = PlannerHarness.Service(new(("pyproject.toml", "[project]\nname='x'\n"), ("main.py", "")));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("requirements.txt", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Plan);
    }

    [Fact]
    public void No_entry_file_is_a_missing_start_error()
    {
        var error = PlannerHarness.Service(new(("requirements.txt", "requests\n"), ("lib.py", ""))).SingleError();

        Assert.Contains("main.py, app.py or server.py", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_unbuffered_at_run_time()
    {
        var plan = PlannerHarness.Service(new(("main.py", ""))).Planned();

        Assert.Equal("1", plan.ProviderRunEnvironment["PYTHONUNBUFFERED"]);
    }
}
