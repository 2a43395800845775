using Microsoft.Win32.SafeHandles;

namespace Runway.Edge.ZeroCopy;

/// <summary>Lets a response body come straight from a file with sendfile(2) instead of being copied through the
/// connection's buffers. Offered only on plain-text HTTP/1.1 connections, where the bytes the server writes are the
/// bytes on the wire.</summary>
internal interface IFileBodyFeature
{
    /// <summary>Declares that the next <paramref name="count"/> body bytes the response advances are placeholders for
    /// <paramref name="handle"/>'s bytes from <paramref name="offset"/>; the connection sends the file in their place when
    /// the response is flushed. The caller keeps the handle open until that flush completes. False when the connection
    /// cannot do it now (a file body is already pending); the caller then copies the bytes itself.</summary>
    bool TryBegin(SafeFileHandle handle, long offset, long count);
}
