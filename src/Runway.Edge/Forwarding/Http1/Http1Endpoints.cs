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
        var idle = options.PooledConnectionIdleTimeout;
        var forever = idle == Timeout.InfiniteTimeSpan;
        _idleTicks = forever ? long.MaxValue : (long)(idle.TotalSeconds * time.TimestampFrequency);
        var period = forever ? Timeout.InfiniteTimeSpan : idle / 2;
        _sweeper = time.CreateTimer(static state => ((Http1Endpoints)state!).CloseIdle(), this, period, period);
    }

    public TimeSpan ConnectTimeout => _options.ConnectTimeout;

    /// <summary>The pool for <paramref name="destination"/>'s host and port (made on first use).</summary>
    public Endpoint For(Uri destination)
    {
        var key = (destination.Host, destination.Port);
        return _endpoints.TryGetValue(key, out var endpoint) ? endpoint : _endpoints.GetOrAdd(key, new Endpoint(this, destination));
    }

    private void CloseIdle() => CloseIdle(all: false);

    /// <summary>Addresses with a pool (for tests).</summary>
    internal int Count => _endpoints.Count;

    /// <summary>Closes the connections idle for too long (or all), and forgets an address nothing has used for as long, so the
    /// addresses of instances that are gone do not pile up over many deploys.</summary>
    private void CloseIdle(bool all)
    {
        var now = _time.GetTimestamp();
        foreach (var entry in _endpoints)
        {
            entry.Value.CloseIdle(connection => all || now - connection.IdleSince >= _idleTicks);
            if (!all && entry.Value.TryRetire(now, _idleTicks))
            {
                _endpoints.TryRemove(entry);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _sweeper.Dispose();
        CloseIdle(all: true);
    }

    /// <summary>The idle connections to one host and port. A stack, so the most recently used connections (the ones least likely
    /// to have timed out upstream) go first.</summary>
    internal sealed class Endpoint(Http1Endpoints owner, Uri destination)
    {
        private readonly Lock _gate = new();
        private readonly Stack<Http1Connection> _idle = new();

        public string Host { get; } = destination.Host;

        public int Port { get; } = destination.Port;

        /// <summary>host[:port] as the Host header carries it (the port left out when it is the scheme's default).</summary>
        public string Authority { get; } = destination.Authority;

        private long _lastUsed = owner._time.GetTimestamp();
        private bool _retired;

        /// <summary>An idle connection that has not been idle too long, or null when there is none.</summary>
        public Http1Connection? TryRent()
        {
            var now = owner._time.GetTimestamp();
            Volatile.Write(ref _lastUsed, now);
            while (true)
            {
                Http1Connection? connection;
                lock (_gate)
                {
                    if (!_idle.TryPop(out connection))
                    {
                        return null;
                    }
                }

                if (now - connection.IdleSince < owner._idleTicks)
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        /// <summary>Keeps a connection whose last response was read whole for the next request.</summary>
        public void Return(Http1Connection connection)
        {
            connection.IdleSince = owner._time.GetTimestamp();
            Volatile.Write(ref _lastUsed, connection.IdleSince);
            lock (_gate)
            {
                // A retired pool is no longer found by address: a connection left there would never be used again.
                if (!owner._disposed && !_retired)
                {
                    _idle.Push(connection);
                    return;
                }
            }

            connection.Dispose();
        }

        /// <summary>Gives the pool up when it holds no connection and nothing used it for <paramref name="idleTicks"/>.</summary>
        public bool TryRetire(long now, long idleTicks)
        {
            lock (_gate)
            {
                _retired = _idle.Count == 0 && now - Volatile.Read(ref _lastUsed) >= idleTicks;
                return _retired;
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
