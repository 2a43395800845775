using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Runway.Addons.Redis;

/// <summary>One TCP connection to a Redis server speaking RESP2: commands go out as arrays of bulk strings, replies
/// are read one per command. Commands are sent one at a time (callers are serialized). A command that times out or
/// is cancelled leaves the connection unusable (its reply may still arrive), so the client closes it.</summary>
internal sealed class RespClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RespReader _reader;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _endpoint;
    private bool _broken;

    private RespClient(Socket socket, string endpoint, TimeSpan commandTimeout, TimeProvider time)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new RespReader(_stream);
        _endpoint = endpoint;
        _time = time;
        CommandTimeout = commandTimeout;
    }

    /// <summary>How long one command may wait for its reply.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>Opens a connection to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>
    /// (also each later command's timeout).</summary>
    /// <exception cref="TimeoutException">The connection was not made in time.</exception>
    /// <exception cref="SocketException">The connection was refused.</exception>
    public static async Task<RespClient> ConnectAsync(IPAddress host, int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(host, port);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await socket.ConnectAsync(endpoint, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"no connection to redis at {endpoint} within {timeout.TotalSeconds:0.###} s"));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RespClient(socket, endpoint.ToString(), timeout, time);
    }

    /// <summary>AUTH with the default user's password (requirepass).</summary>
    /// <exception cref="RespErrorException">The password was refused (WRONGPASS).</exception>
    public async Task AuthenticateAsync(string password, CancellationToken cancellationToken) =>
        await ExecuteAsync(["AUTH", password], cancellationToken);

    /// <summary>Sends one command and returns its reply; an error reply is returned as a value, not thrown.</summary>
    /// <exception cref="TimeoutException">No complete reply within <see cref="CommandTimeout"/>; the connection is closed.</exception>
    /// <exception cref="IOException">The connection failed or the reply was not RESP2; the connection is closed.</exception>
    public async Task<RespValue> SendAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var bytes = RespCommand.Encode(command);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_broken, this);
            using var deadline = new CancellationTokenSource(CommandTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await _stream.WriteAsync(bytes, linked.Token);
                return await _reader.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Break();
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture, $"redis at {_endpoint} did not answer {command[0]} within {CommandTimeout.TotalSeconds:0.###} s"));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                Break();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends one command and returns its reply.</summary>
    /// <exception cref="RespErrorException">Redis answered with an error.</exception>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(command, cancellationToken);
        return reply.IsError ? throw new RespErrorException(command[0], reply.Text) : reply;
    }

    /// <summary>Closes the connection; a command waiting for its reply fails at once.</summary>
    public ValueTask DisposeAsync()
    {
        Break();
        return ValueTask.CompletedTask;
    }

    private void Break()
    {
        _broken = true;
        _stream.Dispose();
        _socket.Dispose();
    }
}
