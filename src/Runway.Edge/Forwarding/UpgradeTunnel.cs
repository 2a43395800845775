using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Net.Http.Headers;

namespace Runway.Edge.Forwarding;

/// <summary>After an upstream answers 101 Switching Protocols (WebSocket or another HTTP/1.1 upgrade, RFC 9110 §15.2.2),
/// turns both connections into raw byte pipes and copies in both directions until either side ends.</summary>
internal static class UpgradeTunnel
{
    public static async Task<ForwardResult> RunAsync(HttpContext context, IHttpUpgradeFeature upgrade, HttpResponseMessage upstream, ActivityCancellation activity)
    {
        // Upgrade was dropped with the other hop-by-hop headers; the 101 must name the protocol. Kestrel adds Connection itself.
        if (upstream.Headers.NonValidated.TryGetValues(HeaderNames.Upgrade, out var protocol) && !HopByHopHeaders.HasLineBreak(protocol.ToString()))
        {
            context.Response.Headers.Upgrade = protocol.ToString();
        }

        Stream client;
        try
        {
            client = await upgrade.UpgradeAsync();
            // A request timeout is meant for requests, not for a WebSocket that lives for hours.
            context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        }
        catch (Exception ex)
        {
            return new ForwardResult(ForwardError.UpgradeClient, ex);
        }

        await using (client)
        {
            Stream server;
            try
            {
                // Since .NET 7 a 101 response's content stream is the raw connection, readable and writable.
                server = await upstream.Content.ReadAsStreamAsync(activity.Token);
            }
            catch (Exception ex)
            {
                return new ForwardResult(ForwardError.UpgradeDestination, ex);
            }

            await using (server)
            {
                var toServer = StreamCopier.CopyAsync(client, server, activity).AsTask();
                var toClient = StreamCopier.CopyAsync(server, client, activity).AsTask();
                var first = await Task.WhenAny(toServer, toClient);
                var (result, exception) = await first;
                var error = Classify(result, fromClient: first == toServer, activity);

                // Either side ending ends the tunnel: stop the other copy, then both connections close.
                activity.Cancel();
                await (first == toServer ? toClient : toServer);
                return new ForwardResult(error, exception);
            }
        }
    }

    private static ForwardError Classify(StreamCopyResult result, bool fromClient, ActivityCancellation activity) => result switch
    {
        StreamCopyResult.Success => ForwardError.None,
        _ when activity.TimedOut => ForwardError.UpgradeDestination,
        StreamCopyResult.Canceled => ForwardError.None,
        StreamCopyResult.InputError => fromClient ? ForwardError.UpgradeClient : ForwardError.UpgradeDestination,
        _ => fromClient ? ForwardError.UpgradeDestination : ForwardError.UpgradeClient,
    };
}
