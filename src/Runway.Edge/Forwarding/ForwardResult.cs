namespace Runway.Edge.Forwarding;

/// <summary>The outcome of forwarding one request.</summary>
/// <param name="Error">What went wrong, or <see cref="ForwardError.None"/>.</param>
/// <param name="Exception">The underlying failure, for logs; null on success.</param>
public readonly record struct ForwardResult(ForwardError Error, Exception? Exception = null)
{
    public static ForwardResult Success => default;

    public bool Succeeded => Error == ForwardError.None;

    /// <summary>Id of the instance that served (or last failed) the request, when a load balancer chose it.</summary>
    public string? DestinationId { get; init; }

    /// <summary>How many instances were tried (0 when none was available, 2 after a retry).</summary>
    public int Attempts { get; init; }

    /// <summary>True when the failure is the upstream's fault (counts against its passive health).</summary>
    public bool IsDestinationFailure => Error is ForwardError.ConnectFailed or ForwardError.RequestFailed or ForwardError.RequestTimedOut
        or ForwardError.RequestBodyDestination or ForwardError.ResponseHeaders or ForwardError.ResponseBodyDestination
        or ForwardError.ResponseBodyTimedOut;
}
