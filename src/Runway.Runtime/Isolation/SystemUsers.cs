using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Isolation;

/// <summary>A user of the host, from the user database.</summary>
internal sealed record SystemUser(string Name, uint Uid, uint Gid);

/// <summary>Finds users in /etc/passwd and creates the <c>runway-APP</c> system users with useradd.</summary>
internal sealed class SystemUsers(IsolationHost host)
{
    /// <summary>useradd's limit on user names (LOGIN_NAME_MAX is larger, but shadow-utils refuses more than 32).</summary>
    public const int MaxNameLength = 32;

    private const string Prefix = "runway-";
    private static readonly TimeSpan UseraddTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();

    /// <summary><c>runway-</c> and the app's name in lower case, other characters as '-'; a long name is cut and ends
    /// with 6 hex digits of its SHA-256, so two long app names still get different users.</summary>
    public static string NameFor(string app)
    {
        var text = new StringBuilder(app.Length);
        foreach (var c in app.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
            if (keep || (text.Length > 0 && text[^1] != '-'))
            {
                text.Append(keep ? c : '-');
            }
        }

        var name = text.ToString().Trim('-');
        if (name.Length == 0)
        {
            name = "app";
        }

        var room = MaxNameLength - Prefix.Length;
        if (name.Length > room)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app)))[..6];
            name = name[..(room - 7)].TrimEnd('-') + "-" + hash;
        }

        return Prefix + name;
    }

    /// <summary>The user named <paramref name="name"/> in the passwd file, or null.</summary>
    public SystemUser? Find(string name)
    {
        foreach (var line in ReadLines(host.PasswdFile))
        {
            // name:password:uid:gid:gecos:home:shell
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new SystemUser(name, uid, gid);
            }
        }

        return null;
    }

    /// <summary>The user <paramref name="name"/>, created as a system user without home directory or login shell when missing.</summary>
    /// <exception cref="InstanceLaunchException">useradd failed.</exception>
    public SystemUser Ensure(string name)
    {
        lock (_lock)
        {
            if (Find(name) is { } existing)
            {
                return existing;
            }

            var (exitCode, output) = RunUseradd(name);

            // Another Runway may have created it at the same moment (useradd then fails with "already exists").
            return Find(name) ?? throw new InstanceLaunchException(
                $"could not create the system user {name}: {host.Useradd} exited with code {exitCode}: {output.Trim()}; create it yourself (useradd --system {name}) or run Runway without isolation");
        }
    }

    private (int ExitCode, string Output) RunUseradd(string name)
    {
        var startInfo = new ProcessStartInfo(host.Useradd ?? "useradd")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", host.NoLoginShell])
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A group of that name left behind (a user removed without its group) makes --user-group fail: join it instead.
        var groupExists = GroupExists(name);
        startInfo.ArgumentList.Add(groupExists ? "--gid" : "--user-group");
        if (groupExists)
        {
            startInfo.ArgumentList.Add(name);
        }

        startInfo.ArgumentList.Add(name);
        var output = new StringBuilder();
        try
        {
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, line) => Append(output, line.Data);
            process.ErrorDataReceived += (_, line) => Append(output, line.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(UseraddTimeout))
            {
                process.Kill();
                return (-1, $"no answer within {UseraddTimeout.TotalSeconds:0} s");
            }

            process.WaitForExit(); // after a timed wait, this one also waits for the output events
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append(' ');
        }
    }

    private bool GroupExists(string name) => ReadLines(host.GroupFile).Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));

    private static string[] ReadLines(string file) => File.Exists(file) ? File.ReadAllLines(file) : [];
}
