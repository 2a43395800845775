namespace Runway.Addons.Redis;

/// <summary>The server sent bytes that are not a RESP2 reply, or closed the connection in the middle of one.</summary>
internal sealed class RespProtocolException(string message) : IOException(message);
