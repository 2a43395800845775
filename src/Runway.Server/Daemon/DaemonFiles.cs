using System.Security.Cryptography;
using System.Text.Json;
using Runway.Build;

namespace Runway.Server.Daemon;

/// <summary>Where a running daemon can be found: <c>$RUNWAY_HOME/daemon/api.json</c> (its API address and process id) and
/// <c>$RUNWAY_HOME/daemon/token</c> (created on first start, mode 0600, required by every API request).</summary>
public sealed class DaemonFiles(RunwayHome home)
{
    public string Directory => Path.Combine(home.Path, "daemon");

    public string TokenPath => Path.Combine(Directory, "token");

    public string AddressPath => Path.Combine(Directory, "api.json");

    public string LockPath => Path.Combine(Directory, "lock");

    /// <summary>Takes the home's daemon lock (an exclusive flock the kernel releases when the process ends, even by kill -9).</summary>
    /// <returns>The held lock, or null when another daemon holds it.</returns>
    public FileStream? TryLock()
    {
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The token, created (random, mode 0600 from the start) when there is none.</summary>
    public string EnsureToken()
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (!File.Exists(TokenPath))
        {
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            var staging = TokenPath + ".new";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using (var stream = new FileStream(staging, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(token);
            }

            File.Move(staging, TokenPath, overwrite: false);
        }

        return ReadToken() ?? throw new IOException($"{TokenPath} is empty; delete it and start the daemon again");
    }

    public string? ReadToken() => File.Exists(TokenPath) ? File.ReadAllText(TokenPath).Trim() is { Length: > 0 } token ? token : null : null;

    public void WriteAddress(DaemonAddress address)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var staging = AddressPath + ".new";
        File.WriteAllText(staging, JsonSerializer.Serialize(address));
        File.Move(staging, AddressPath, overwrite: true);
    }

    public DaemonAddress? ReadAddress()
    {
        try
        {
            return JsonSerializer.Deserialize<DaemonAddress>(File.ReadAllText(AddressPath));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public void RemoveAddress(int processId)
    {
        if (ReadAddress() is { } address && address.ProcessId == processId)
        {
            File.Delete(AddressPath);
        }
    }
}

/// <param name="Api">The API's base address, e.g. <c>http://127.0.0.1:41234</c>.</param>
public sealed record DaemonAddress(string Api, int EdgePort, int ProcessId);
