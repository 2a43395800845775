using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Runway.State.Secrets;

/// <summary>The vault's key on disk: 32 random bytes in a file only its owner may read or write.</summary>
internal static partial class SecretKeyFile
{
    /// <summary>errno: the new name already exists.</summary>
    private const int EEXIST = 17;

    public const int KeySize = 32; // AES-256

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the key at <paramref name="path"/>, first creating it when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is readable by others or is not a 32-byte key.</exception>
    public static byte[] ReadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        return Read(path);
    }

    private static byte[] Read(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw new InvalidDataException(
                $"secret key file {path} has mode {Octal(mode)}, so other users may read it; it must be readable only by its owner: chmod 600 {path}");
        }

        var key = File.ReadAllBytes(path);
        if (key.Length != KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidDataException(
                $"secret key file {path} holds {key.Length} bytes; an AES-256 key is {KeySize} bytes. Restore the original file: " +
                "secrets encrypted under it cannot be read with any other key");
        }

        return key;
    }

    /// <summary>Writes a new key to a temporary file created with mode 0600 (never wider, not even briefly), flushes it
    /// to disk, then moves it into place without replacing: a crash leaves no half-written key, and when another
    /// process creates the key first, its key is kept.</summary>
    private static void TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerReadWrite | UnixFileMode.UserExecute);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }

            // link(2) gives the key its name only if no other process did first, in one step; File.Move without
            // overwrite checks and renames in two, so two processes racing could each end up holding a different key.
            if (Link(temporary, path) != 0 && Marshal.GetLastPInvokeError() is var error && error != EEXIST)
            {
                throw new IOException($"the secret key file {path} could not be created: {Marshal.GetPInvokeErrorMessage(error)}");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string name);

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
