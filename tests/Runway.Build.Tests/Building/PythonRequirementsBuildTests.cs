using System.IO.Compression;
using static Runway.Build.Tests.Support.Specs;

namespace Runway.Build.Tests.Building;

public sealed class PythonRequirementsBuildTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task Requirements_install_into_a_venv_in_the_release_that_the_start_command_uses()
    {
        // A wheel made here keeps pip offline: requirements.txt points at the file.
        WriteWheel(Path.Combine(_harness.AppRoot, "wheels", "greeting-1.0-py3-none-any.whl"));
        _harness.Write("requirements.txt", "--no-index\n./wheels/greeting-1.0-py3-none-any.whl\n");
        _harness.Write("main.py", "import sys, greeting\nprint(greeting.TEXT, sys.prefix.endswith('.venv'))\n");

        var result = await _harness.BuildAsync(_harness.App([Service("api")]));

        Assert.True(result.Succeeded, result.Failure?.Message + "\n" + string.Join("\n", result.Failure?.LastLines ?? default));
        var part = Assert.Single(result.Parts);
        Assert.True(File.Exists(Path.Combine(part.Directory, ".venv", "bin", "python3")));
        Assert.False(Directory.Exists(Path.Combine(_harness.AppRoot, ".venv")));
        var (exitCode, output) = await BuildHarness.RunStartCommandAsync(part);
        Assert.Equal(0, exitCode);
        Assert.Equal("hello from a wheel True", output.Trim());
    }

    private static void WriteWheel(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }

        Add("greeting/__init__.py", "TEXT = 'hello from a wheel'\n");
        Add("greeting-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: greeting\nVersion: 1.0\n");
        Add("greeting-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: runway-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        Add("greeting-1.0.dist-info/RECORD", "greeting/__init__.py,,\ngreeting-1.0.dist-info/METADATA,,\ngreeting-1.0.dist-info/WHEEL,,\ngreeting-1.0.dist-info/RECORD,,\n");
    }

    public void Dispose() => _harness.Dispose();
}
