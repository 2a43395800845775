using System.Net;
using System.Net.Sockets;
using System.Text;
using Runway.Edge.Hosting;
using Runway.Edge.Tests.StaticFiles;

namespace Runway.Edge.Tests.Hosting;

/// <summary>Large files leave the edge by sendfile(2) on plain HTTP/1.1 connections; on TLS they are copied. Either way a
/// client sees the exact bytes, and a kept-alive connection stays in step around them.</summary>
public sealed class FileBodyTests
{
    private static readonly byte[] Big = CompressionTests.RandomBytes((3 * 1024 * 1024) + 17, seed: 11);

    [Fact]
    public async Task Pipelined_requests_around_large_files_get_exact_bodies_in_order()
    {
        await using var edge = await EdgeHarness.StartAsync();
        await File.WriteAllBytesAsync(Path.Combine(edge.SiteDirectory, "big.bin"), Big);

        const string host = "Host: 127.0.0.1\r\n";
        var requests = string.Concat(
            $"GET /big.bin HTTP/1.1\r\n{host}\r\n",
            $"GET /index.html HTTP/1.1\r\n{host}\r\n",
            $"GET /big.bin HTTP/1.1\r\n{host}Range: bytes=1000-2999999\r\n\r\n",
            $"HEAD /big.bin HTTP/1.1\r\n{host}\r\n",
            $"GET /big.bin HTTP/1.1\r\n{host}Range: bytes=-100\r\n\r\n",
            $"GET /index.html HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
        var responses = ParseResponses(await SendRawAsync(edge.Edge.Port, requests), heads: [false, false, false, true, false, false]);

        Assert.Equal([200, 200, 206, 200, 206, 200], responses.Select(r => r.Status));
        Assert.Equal(Big, responses[0].Body);
        Assert.Equal("<p>hello</p>", Encoding.UTF8.GetString(responses[1].Body));
        Assert.Equal(Big.AsSpan(1000, 2_999_000).ToArray(), responses[2].Body);
        Assert.Empty(responses[3].Body);
        Assert.Equal(Big.AsSpan(Big.Length - 100).ToArray(), responses[4].Body);
        Assert.Equal("<p>hello</p>", Encoding.UTF8.GetString(responses[5].Body));
    }

    [Fact]
    public async Task Large_files_are_exact_over_https_and_http2_where_they_are_copied()
    {
        using var tls = new Runway.Tests.Shared.TempDirectory();
        await using var edge = await EdgeHarness.StartAsync(options: new EdgeServerOptions { Tls = new EdgeTlsOptions { SelfSignedDirectory = tls.Path } });
        await File.WriteAllBytesAsync(Path.Combine(edge.SiteDirectory, "big.bin"), Big);
        var certificate = edge.Edge.Certificate!.Thumbprint;
        using var client = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate,
        });

        var body = await client.GetByteArrayAsync(new Uri($"https://127.0.0.1:{edge.Edge.HttpsPort}/big.bin"));
        using var overHttp2 = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{edge.Edge.HttpsPort}/big.bin"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var http2 = await client.SendAsync(overHttp2);

        Assert.Equal(Big, body);
        Assert.Equal(HttpVersion.Version20, http2.Version);
        Assert.Equal(Big, await http2.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_client_that_leaves_during_a_large_file_does_not_disturb_the_next_one()
    {
        await using var edge = await EdgeHarness.StartAsync();
        await File.WriteAllBytesAsync(Path.Combine(edge.SiteDirectory, "big.bin"), Big);

        using (var leaving = new TcpClient())
        {
            await leaving.ConnectAsync(IPAddress.Loopback, edge.Edge.Port);
            var stream = leaving.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            await stream.ReadExactlyAsync(new byte[1000]);
        }

        Assert.Equal(Big, await edge.Client.GetByteArrayAsync(new Uri("/big.bin", UriKind.Relative)));
    }

    [Fact]
    public async Task A_slow_reader_gets_the_whole_file_in_many_partial_sends()
    {
        await using var edge = await EdgeHarness.StartAsync();
        await File.WriteAllBytesAsync(Path.Combine(edge.SiteDirectory, "big.bin"), Big);
        using var client = new TcpClient { ReceiveBufferSize = 4096 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(IPAddress.Loopback, edge.Edge.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), timeout.Token);

        // Pauses while the kernel's buffers are full make the edge wait for the socket to drain, again and again.
        using var received = new MemoryStream();
        var buffer = new byte[256 * 1024];
        int read;
        var reads = 0;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
            if (++reads % 8 == 0 && received.Length < Big.Length / 2)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        var responses = ParseResponses(received.ToArray(), heads: [false]);
        Assert.Equal(Big, responses[0].Body);
    }

    private static async Task<byte[]> SendRawAsync(int port, string requests)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return received.ToArray();
    }

    /// <summary>Splits a stream of responses by their Content-Length (a HEAD answer announces a body it does not send).</summary>
    private static List<(int Status, byte[] Body)> ParseResponses(byte[] stream, bool[] heads)
    {
        var responses = new List<(int, byte[])>();
        var position = 0;
        foreach (var head in heads)
        {
            var end = stream.AsSpan(position).IndexOf("\r\n\r\n"u8);
            Assert.True(end >= 0, $"response {responses.Count + 1} is missing");
            var lines = Encoding.Latin1.GetString(stream, position, end).Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var length = head ? 0 : lines.Skip(1).Select(line => line.Split(": ", 2)).Where(pair => pair[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture)).Single();
            position += end + 4;
            responses.Add((status, stream.AsSpan(position, length).ToArray()));
            position += length;
        }

        Assert.Equal(stream.Length, position);
        return responses;
    }
}
