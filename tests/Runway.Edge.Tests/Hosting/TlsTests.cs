using System.Net;
using System.Security.Cryptography.X509Certificates;
using Runway.Edge.Hosting;

namespace Runway.Edge.Tests.Hosting;

public sealed class TlsTests : IDisposable
{
    private readonly string _tlsDirectory = Directory.CreateTempSubdirectory("runway-tls-").FullName;

    public void Dispose() => Directory.Delete(_tlsDirectory, recursive: true);

    private EdgeServerOptions WithTls(bool redirect = false) =>
        new() { Tls = new EdgeTlsOptions { SelfSignedDirectory = _tlsDirectory, RedirectHttp = redirect } };

    /// <summary>A client that trusts exactly the edge's certificate.</summary>
    private static HttpClient HttpsClient(EdgeServer edge) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == edge.Certificate!.Thumbprint,
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{edge.HttpsPort}"),
    };

    [Fact]
    public async Task A_self_signed_certificate_serves_https_with_hsts()
    {
        await using var edge = await EdgeHarness.StartAsync(options: WithTls());
        using var client = HttpsClient(edge.Edge);
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<p>hello</p>", await response.Content.ReadAsStringAsync());
        Assert.Equal("max-age=15552000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));

        var plain = await edge.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_self_signed_certificate_is_kept_with_an_owner_only_key_and_reused()
    {
        string thumbprint;
        await using (var first = await EdgeHarness.StartAsync(options: WithTls()))
        {
            thumbprint = first.Edge.Certificate!.Thumbprint;
            var names = first.Edge.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
            Assert.Contains("localhost", names);
            Assert.Contains("*.localhost", names);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_tlsDirectory, "key.pem")));
        await using var second = await EdgeHarness.StartAsync(options: WithTls());
        Assert.Equal(thumbprint, second.Edge.Certificate!.Thumbprint);
    }

    [Fact]
    public async Task A_provided_certificate_and_key_are_used()
    {
        await using (await EdgeHarness.StartAsync(options: WithTls()))
        {
        }

        var provided = new EdgeServerOptions
        {
            Tls = new EdgeTlsOptions { CertificatePath = Path.Combine(_tlsDirectory, "cert.pem"), KeyPath = Path.Combine(_tlsDirectory, "key.pem") },
        };
        await using var edge = await EdgeHarness.StartAsync(options: provided);
        using var client = HttpsClient(edge.Edge);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unreadable_certificate_is_reported_with_its_path()
    {
        var options = new EdgeServerOptions
        {
            Tls = new EdgeTlsOptions { CertificatePath = Path.Combine(_tlsDirectory, "missing.pem"), KeyPath = Path.Combine(_tlsDirectory, "missing.key") },
        };
        var error = await Assert.ThrowsAsync<EdgeCertificateException>(() => EdgeServer.StartAsync(options));
        Assert.Contains("missing.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_with_308_when_asked()
    {
        await using var edge = await EdgeHarness.StartAsync(options: WithTls(redirect: true));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/cart?item=3", UriKind.Relative));
        request.Headers.Host = "shop.localhost";
        var response = await edge.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://shop.localhost:{edge.Edge.HttpsPort}/cart?item=3", response.Headers.Location!.ToString());

        using var client = HttpsClient(edge.Edge);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }
}
