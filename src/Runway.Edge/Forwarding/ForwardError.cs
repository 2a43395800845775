namespace Runway.Edge.Forwarding;

/// <summary>What went wrong while forwarding one request, for metrics, passive health and retries.</summary>
public enum ForwardError
{
    None,

    /// <summary>No healthy instance was left for the service; answered 503.</summary>
    NoHealthyDestination,

    /// <summary>The connection to the upstream could not be made (refused, unreachable, connect timeout);
    /// nothing was sent, so an idempotent request may be retried elsewhere. Answered 502.</summary>
    ConnectFailed,

    /// <summary>The connection was made but sending the request or reading the response headers failed. Answered 502.</summary>
    RequestFailed,

    /// <summary>The upstream sent no response headers within the activity timeout. Answered 504.</summary>
    RequestTimedOut,

    /// <summary>The client went away (or the caller cancelled) before the response started. Nothing is sent.</summary>
    RequestCanceled,

    /// <summary>Reading the request body from the client failed. Answered 400 when still possible.</summary>
    RequestBodyClient,

    /// <summary>Writing the request body to the upstream failed. Answered 502 (504 on timeout) when still possible.</summary>
    RequestBodyDestination,

    /// <summary>The upstream's response headers could not be copied to the client. Answered 502.</summary>
    ResponseHeaders,

    /// <summary>The upstream failed while sending the response body; the client connection is aborted
    /// (or 502 is answered if nothing was sent yet).</summary>
    ResponseBodyDestination,

    /// <summary>The upstream stalled in the middle of the response body beyond the activity timeout.</summary>
    ResponseBodyTimedOut,

    /// <summary>Writing the response body to the client failed (the client went away).</summary>
    ResponseBodyClient,

    /// <summary>The client went away or the caller cancelled while the response body was being copied.</summary>
    ResponseBodyCanceled,

    /// <summary>The client side of an upgraded (101) connection could not be taken over or failed.</summary>
    UpgradeClient,

    /// <summary>The upstream side of an upgraded (101) connection failed or went silent beyond the activity timeout.</summary>
    UpgradeDestination,
}
