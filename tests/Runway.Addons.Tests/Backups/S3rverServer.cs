using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Runway.Addons.Tests.Backups;

/// <summary>A real S3-compatible server for the tests: the npm package s3rver, installed once into a shared cache
/// directory (<c>RUNWAY_S3RVER_DIR</c>, default <c>/tmp/runway-s3rver</c>) and started on 127.0.0.1 with an OS-chosen
/// port and a data directory of its own. It is stopped by its process id on dispose, and exits by itself if the test
/// process dies (it watches its standard input, which closes then).</summary>
internal sealed partial class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER"; // s3rver's built-in account
    public const string SecretKey = "S3RVER";
    private const string Package = "s3rver@3";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;

    private S3rverServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>Starts a server, or returns null with the reason when node, npm or the package cannot be had.</summary>
    public static async Task<(S3rverServer? Server, string Problem)> StartAsync(string dataDirectory)
    {
        var cache = Environment.GetEnvironmentVariable("RUNWAY_S3RVER_DIR") is { Length: > 0 } configured ? configured : "/tmp/runway-s3rver";
        var (launcher, problem) = await InstallAsync(Path.Combine(cache, "v3"));
        if (launcher is null)
        {
            return (null, problem);
        }

        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { launcher, "--directory", dataDirectory, "--port", "0", "--address", "127.0.0.1", "--silent" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (Listening().Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync(); // keep the pipe drained
                    return (new S3rverServer(process, $"http://127.0.0.1:{match.Groups[1].Value}"), "");
                }
            }

            problem = $"s3rver exited before listening: {await errors}";
        }
        catch (OperationCanceledException)
        {
            problem = $"s3rver did not report listening within {StartTimeout.TotalSeconds} s";
        }

        Stop(process);
        return (null, problem);
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Installs the package into <paramref name="directory"/> unless it is there already (then this costs one
    /// file check). The install goes to a fresh directory that is renamed into place, so a failed or concurrent install
    /// never leaves a half-installed cache behind.</summary>
    private static async Task<(string? Launcher, string Problem)> InstallAsync(string directory)
    {
        var launcher = Path.Combine(directory, "run-s3rver.js");
        if (File.Exists(launcher))
        {
            return (launcher, "");
        }

        var staging = directory + ".installing-" + Environment.ProcessId;
        try
        {
            Directory.CreateDirectory(staging);
            var (exitCode, output) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", staging, Package]);
            if (exitCode != 0)
            {
                return (null, $"npm install {Package} failed (exit {exitCode}): {output}");
            }

            // Exit when the test process's end of standard input closes, so a crashed test run leaves no server behind.
            await File.WriteAllTextAsync(Path.Combine(staging, "run-s3rver.js"),
                "process.stdin.on('end', () => process.exit(0));\nprocess.stdin.on('error', () => process.exit(0));\nprocess.stdin.resume();\n" +
                "require('./node_modules/s3rver/bin/s3rver.js');\n");
            try
            {
                Directory.Move(staging, directory);
            }
            catch (IOException) when (File.Exists(launcher))
            {
                // another test run installed it first
            }

            return (launcher, "");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"npm could not be run ({e.Message}); install Node.js and npm");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"s3rver could not be installed into {directory}: {e.Message} (set RUNWAY_S3RVER_DIR to a writable directory)");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {InstallTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, (await output + await errors).Trim());
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
