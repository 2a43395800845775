using Microsoft.AspNetCore.Http;
using Runway.Model;

namespace Runway.Edge.Headers;

/// <summary>The headers of a <see cref="SecurityHeaderPreset"/>, added to a response just before it starts unless the response
/// (a vercel.json header rule, the upstream) already set them. HSTS is sent only over HTTPS (RFC 6797 §7.2).</summary>
internal sealed class SecurityHeaders
{
    private readonly KeyValuePair<string, string>[] _always;
    private readonly string? _strictTransportSecurity;
    private readonly Func<object, Task> _addMissing;

    private SecurityHeaders(KeyValuePair<string, string>[] always, string? strictTransportSecurity)
    {
        _always = always;
        _strictTransportSecurity = strictTransportSecurity;
        // Made once per preset: registering it on a request then allocates nothing of its own.
        _addMissing = state =>
        {
            AddMissing((HttpContext)state);
            return Task.CompletedTask;
        };
    }

    public static SecurityHeaders? For(SecurityHeaderPreset preset) => preset switch
    {
        SecurityHeaderPreset.Default => new(
        [
            new("X-Content-Type-Options", "nosniff"),
            new("X-Frame-Options", "SAMEORIGIN"),
            new("Referrer-Policy", "strict-origin-when-cross-origin"),
        ], "max-age=15552000"),
        SecurityHeaderPreset.Strict => new(
        [
            new("X-Content-Type-Options", "nosniff"),
            new("X-Frame-Options", "DENY"),
            new("Referrer-Policy", "no-referrer"),
            new("Content-Security-Policy", "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"),
            new("Cross-Origin-Opener-Policy", "same-origin"),
        ], "max-age=63072000; includeSubDomains"),
        _ => null,
    };

    public void Register(HttpContext context) => context.Response.OnStarting(_addMissing, context);

    private void AddMissing(HttpContext context)
    {
        var headers = context.Response.Headers;
        foreach (var (name, value) in _always)
        {
            headers.TryAdd(name, value);
        }

        if (_strictTransportSecurity is not null && context.Request.IsHttps)
        {
            headers.TryAdd("Strict-Transport-Security", _strictTransportSecurity);
        }
    }
}
