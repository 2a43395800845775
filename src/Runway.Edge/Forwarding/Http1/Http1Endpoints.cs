using System.Collections.Concurrent;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>The idle keep-alive connections to each upstream address (host and port), shared by all requests. Idle connections
/// are closed after <see cref="ForwarderClientOptions.PooledConnectionIdleTimeout"/>; <see cref="Dispose"/> closes them all.</summary>
internal sealed class Http1Endpoints : IDisposable
{
    private readonly ConcurrentDictionary<(string Host, int Port), Endpoint> _endpoints = new();
    private readonly ForwarderClientOptions _options;
    private readonly TimeProvider _time;
    private readonly long _idleTicks;
    private readonly ITimer _sweeper;
    private volatile bool _disposed;

    public Http1Endpoints(ForwarderClientOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _idleTicks = (long)(options.PooledConnectionIdleTimeout.TotalSeconds * time.TimestampFrequency);
        var period = options.PooledConnectionIdleTimeout / 2;
        _sweeper = time.CreateTimer(static state => ((Http1Endpoints)state!).CloseIdle(), this, period, period);
    }

    public TimeSpan ConnectTimeout => _options.ConnectTimeout;

    /// <summary>An idle connection to <paramref name="host"/>:<paramref name="port"/>, or null when there is none.</summary>
    public Http1Connection? TryRent(string host, int port)
    {
        if (!_endpoints.TryGetValue((host, port), out var endpoint))
        {
            return null;
        }

        var now = _time.GetTimestamp();
        while (endpoint.TryPop(out var connection))
        {
            if (now - connection.IdleSince < _idleTicks)
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    /// <summary>Keeps a connection whose last response was read whole for the next request to the same address.</summary>
    public void Return(string host, int port, Http1Connection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        connection.IdleSince = _time.GetTimestamp();
        _endpoints.GetOrAdd((host, port), static _ => new Endpoint()).Push(connection);
        if (_disposed)
        {
            CloseIdle(all: true);
        }
    }

    private void CloseIdle() => CloseIdle(all: false);

    private void CloseIdle(bool all)
    {
        var now = _time.GetTimestamp();
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.CloseIdle(connection => all || now - connection.IdleSince >= _idleTicks);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _sweeper.Dispose();
        CloseIdle(all: true);
    }

    /// <summary>A stack, so the most recently used connections (the ones least likely to have timed out upstream) go first.</summary>
    private sealed class Endpoint
    {
        private readonly Lock _gate = new();
        private readonly Stack<Http1Connection> _idle = new();

        public bool TryPop(out Http1Connection connection)
        {
            lock (_gate)
            {
                return _idle.TryPop(out connection!);
            }
        }

        public void Push(Http1Connection connection)
        {
            lock (_gate)
            {
                _idle.Push(connection);
            }
        }

        public void CloseIdle(Func<Http1Connection, bool> expired)
        {
            List<Http1Connection>? closing = null;
            lock (_gate)
            {
                if (_idle.Count == 0)
                {
                    return;
                }

                var kept = new List<Http1Connection>(_idle.Count);
                while (_idle.TryPop(out var connection))
                {
                    if (expired(connection))
                    {
                        (closing ??= []).Add(connection);
                    }
                    else
                    {
                        kept.Add(connection);
                    }
                }

                // Pushed back oldest first, so the most recent is on top again.
                for (var i = kept.Count - 1; i >= 0; i--)
                {
                    _idle.Push(kept[i]);
                }
            }

            closing?.ForEach(connection => connection.Dispose());
        }
    }
}
