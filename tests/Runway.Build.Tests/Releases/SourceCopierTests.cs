using System.Diagnostics;
using Runway.Build.Releases;
using Runway.Build.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Build.Tests.Releases;

public sealed class SourceCopierTests : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _temp = new();

    private string Source => _temp.Combine("src");

    private string Copy => _temp.Combine("copy");

    [Fact]
    public void Leaves_out_what_the_build_recreates_and_runway_state()
    {
        foreach (var path in new[]
        {
            "src/keep.txt", "src/.git/HEAD", "src/node_modules/x/index.js", "src/web/node_modules/y/index.js", "src/.venv/bin/python",
            "src/.runway/state.db", "src/.runway-cache", "src/Api/Api.csproj", "src/Api/bin/Debug/Api.dll", "src/Api/obj/project.assets.json",
            "src/tools/bin/cli.js", "src/.gitignore", "src/.env",
        })
        {
            _temp.Write(path, "x");
        }

        SourceCopier.Copy(Source, Copy, [], CancellationToken.None);

        var copied = Directory.EnumerateFiles(Copy, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Copy, f)).Order(StringComparer.Ordinal);
        Assert.Equal([".env", ".gitignore", "Api/Api.csproj", "keep.txt", "tools/bin/cli.js"], copied);
    }

    [Fact]
    public void Keeps_file_modes_and_modification_times()
    {
        var script = _temp.Write("src/bin/run.sh", "#!/bin/sh\necho hi\n", Executable);
        _temp.Write("src/secret.key", "k", Private);
        var written = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(script, written);

        SourceCopier.Copy(Source, Copy, [], CancellationToken.None);

        Assert.Equal(Executable, File.GetUnixFileMode(Path.Combine(Copy, "bin/run.sh")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(Copy, "secret.key")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(Copy, "bin/run.sh")));
        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(Path.Combine(Copy, "bin/run.sh")));
    }

    [Fact]
    public void Keeps_symlinks_as_links_pointing_into_the_copy()
    {
        _temp.Write("src/shared/config.json", "{}");
        _temp.Write("outside.txt", "outside");
        Directory.CreateDirectory(Source);
        File.CreateSymbolicLink(Path.Combine(Source, "relative.json"), "shared/config.json");
        File.CreateSymbolicLink(Path.Combine(Source, "absolute.json"), Path.Combine(Source, "shared/config.json"));
        File.CreateSymbolicLink(Path.Combine(Source, "outside.txt"), _temp.Combine("outside.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Source, "loop"), Source);

        SourceCopier.Copy(Source, Copy, [], CancellationToken.None);

        Assert.Equal("shared/config.json", new FileInfo(Path.Combine(Copy, "relative.json")).LinkTarget);
        Assert.Equal("shared/config.json", new FileInfo(Path.Combine(Copy, "absolute.json")).LinkTarget);
        Assert.Equal(_temp.Combine("outside.txt"), new FileInfo(Path.Combine(Copy, "outside.txt")).LinkTarget);
        Assert.Equal(".", new DirectoryInfo(Path.Combine(Copy, "loop")).LinkTarget);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(Copy, "absolute.json")));
    }

    [Fact]
    public void Skips_excluded_paths_such_as_runway_home_inside_the_tree()
    {
        _temp.Write("src/app.js", "1");
        _temp.Write("src/data/releases/demo/1/app.js", "1");

        SourceCopier.Copy(Source, Copy, [Path.Combine(Source, "data")], CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(Copy, "data")));
        Assert.True(File.Exists(Path.Combine(Copy, "app.js")));
    }

    [Fact]
    public void Copies_into_a_destination_inside_the_source_without_recursing_into_it()
    {
        _temp.Write("src/app.js", "1");

        SourceCopier.Copy(Source, Path.Combine(Source, "releases", "1"), [], CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(Source, "releases", "1", "app.js")));
        // The enclosing directory is copied, but the copy itself is not copied into itself.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Source, "releases", "1", "releases")));
    }

    [Fact]
    public async Task A_fifo_becomes_an_empty_file_instead_of_blocking()
    {
        _temp.Write("src/app.js", "1");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(Source, "pipe")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        await Task.Run(() => SourceCopier.Copy(Source, Copy, [], CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, new FileInfo(Path.Combine(Copy, "pipe")).Length);
    }

    [Fact]
    public void Keeps_directory_modes_even_read_only_ones()
    {
        _temp.Write("src/locked/file.txt", "x");
        var readOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute;
        File.SetUnixFileMode(Path.Combine(Source, "locked"), readOnly);

        SourceCopier.Copy(Source, Copy, [], CancellationToken.None);

        Assert.Equal(readOnly, File.GetUnixFileMode(Path.Combine(Copy, "locked")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(Copy, "locked/file.txt")));
    }

    public void Dispose() => _temp.Dispose();
}
