using Microsoft.Win32.SafeHandles;

namespace Runway.Edge.StaticFiles;

/// <summary>Opens and reads files only while they still are what their cache entry says (same size and mtime):
/// a file replaced since its last stat must not be sent under the old ETag and Content-Length.</summary>
internal static class FileContent
{
    /// <summary>An open handle to <paramref name="file"/>, or null when it vanished or changed.</summary>
    public static SafeFileHandle? OpenUnchanged(DiskFile file)
    {
        SafeFileHandle? handle = null;
        try
        {
            // Asynchronous only because sendfile through a socket (SocketFileSender) accepts no other; on Linux reads
            // through the handle are the same pread(2) either way.
            handle = File.OpenHandle(file.RealPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            if (RandomAccess.GetLength(handle) == file.Length && File.GetLastWriteTimeUtc(handle) == file.LastWriteUtc)
            {
                var unchanged = handle;
                handle = null;
                return unchanged;
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>All of <paramref name="file"/>'s bytes, or null when it vanished or changed.</summary>
    public static byte[]? ReadUnchanged(DiskFile file)
    {
        using var handle = OpenUnchanged(file);
        if (handle is null)
        {
            return null;
        }

        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)file.Length));
        var filled = 0;
        try
        {
            while (filled < bytes.Length)
            {
                var read = RandomAccess.Read(handle, bytes.AsSpan(filled), filled);
                if (read == 0)
                {
                    return null;
                }

                filled += read;
            }
        }
        catch (IOException)
        {
            return null;
        }

        return bytes;
    }
}
