using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Runway.Edge.Forwarding;

namespace Runway.Edge.LoadBalancing;

/// <summary>Forwards a request to one instance of a service: picks it (power of two choices on requests in flight),
/// tracks passive health, retries an idempotent request once elsewhere when the connection could not be made, and
/// answers 503 when no instance is available. Create one per edge.</summary>
public sealed class ServiceForwarder
{
    private readonly HttpForwarder _forwarder;
    private readonly LoadBalancingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly long _reactivationTicks;

    /// <param name="random">Source for the two random choices; <see cref="Random.Shared"/> when null. Must be thread-safe outside tests.</param>
    public ServiceForwarder(HttpForwarder forwarder, LoadBalancingOptions options, ILogger<ServiceForwarder> logger, TimeProvider timeProvider, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailuresBeforeEjection, 1);
        _forwarder = forwarder;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared;
        _reactivationTicks = (long)(options.ReactivationPeriod.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public async Task<ForwardResult> ForwardAsync(HttpContext context, ServiceDestinations service, ForwardOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(service);
        var started = _timeProvider.GetTimestamp();
        var destination = PowerOfTwoChoices.Pick(service.Current, exclude: null, started, _random);
        if (destination is null)
        {
            ForwarderLog.NoHealthyDestination(_logger, service.Service);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Report(context, new ForwardResult(ForwardError.NoHealthyDestination));
        }

        // One loop rather than a helper per attempt: a request suspends in one method however many layers it passed.
        for (var attempt = 1; ; attempt++)
        {
            destination.Enter();
            ForwardResult result;
            try
            {
                result = await _forwarder.ForwardAsync(context, destination.Address, options, cancellationToken);
            }
            finally
            {
                destination.Leave();
            }

            RecordOutcome(service, destination, result);
            // The set may have been swapped meanwhile; the retry picks from the current one.
            var next = attempt == 1 && CanRetry(context, result)
                ? PowerOfTwoChoices.Pick(service.Current, exclude: destination, _timeProvider.GetTimestamp(), _random)
                : null;
            if (next is null)
            {
                RecordResponseTime(context, service, started);
                return Report(context, result with { DestinationId = destination.Id, Attempts = attempt });
            }

            ForwarderLog.Retrying(_logger, context.Request.Method, service.Service, destination.Id);
            context.Response.StatusCode = StatusCodes.Status200OK;
            destination = next;
        }
    }

    private static ForwardResult Report(HttpContext context, ForwardResult result)
    {
        IForwardOutcomeFeature.Report(context, result.DestinationId, result.Error);
        return result;
    }

    /// <summary>Counts how long the service took to answer (retry included) for its load; an upgraded connection is left out,
    /// since it lasts as long as the conversation and says nothing about how fast the service answers.</summary>
    private void RecordResponseTime(HttpContext context, ServiceDestinations service, long started)
    {
        if (context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols)
        {
            return;
        }

        var ended = _timeProvider.GetTimestamp();
        service.ResponseTimes.Record(ended / _timeProvider.TimestampFrequency, _timeProvider.GetElapsedTime(started, ended));
    }

    /// <summary>DESIGN rule 8: an idempotent request (RFC 9110 §9.2.2) is tried once more elsewhere when the connection could
    /// not be made, or — if it has no body, so it can be sent again exactly — when the instance failed before answering
    /// (it was killed, or it closed the connection); nginx's default <c>proxy_next_upstream error</c> does the same.</summary>
    private bool CanRetry(HttpContext context, ForwardResult result) =>
        _options.RetryOnConnectFailure
        && (result.Error == ForwardError.ConnectFailed || (result.Error == ForwardError.RequestFailed && !HasBody(context.Request)))
        && !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested
        && IsIdempotent(context.Request.Method);

    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength is not (null or 0);

    internal static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);

    /// <summary>Passive health: a failure that is the instance's fault counts towards ejecting it; a success resets the count.</summary>
    private void RecordOutcome(ServiceDestinations service, Destination destination, ForwardResult result)
    {
        if (result.IsDestinationFailure)
        {
            if (destination.RecordFailure(_timeProvider.GetTimestamp(), _options.FailuresBeforeEjection, _reactivationTicks))
            {
                ForwarderLog.DestinationEjected(_logger, destination.Id, service.Service, _options.ReactivationPeriod, _options.FailuresBeforeEjection);
            }
        }
        else if (result.Succeeded)
        {
            destination.RecordSuccess();
        }
    }
}
