namespace Runway.Edge.Forwarding.Http1;

/// <summary>The upstream closed the connection before sending any byte of a response.</summary>
internal sealed class Http1ClosedException() : IOException("The upstream closed the connection before it answered.");
