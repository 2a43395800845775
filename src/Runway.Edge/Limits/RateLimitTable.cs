using System.Collections.Concurrent;
using Runway.Model;

namespace Runway.Edge.Limits;

/// <summary>One app's rate limits: for each request the rule with the longest matching path prefix, counted per client IP
/// in fixed windows that start at the client's first request. Time comes from the <see cref="TimeProvider"/>.</summary>
internal sealed class RateLimitTable
{
    private const int SweepAbove = 10_000;
    private readonly RateLimitRule[] _rules;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(RateLimitRule Rule, string Client), Window> _windows = new();
    private long _nextSweep;

    public RateLimitTable(ValueList<RateLimitRule> rules, TimeProvider time)
    {
        Rules = rules;
        _rules = [.. rules.OrderByDescending(r => r.PathPrefix.Length)];
        _time = time;
    }

    public ValueList<RateLimitRule> Rules { get; }

    /// <summary>How many (rule, client) windows are kept.</summary>
    internal int WindowCount => _windows.Count;

    /// <summary>The most specific rule whose prefix starts <paramref name="path"/>, or null.</summary>
    public RateLimitRule? Match(string path)
    {
        foreach (var rule in _rules)
        {
            if (path.StartsWith(rule.PathPrefix, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        return null;
    }

    public RateLimitDecision Acquire(RateLimitRule rule, string client)
    {
        var now = _time.GetTimestamp();
        var nextSweep = Interlocked.Read(ref _nextSweep);
        if (_windows.Count > SweepAbove && now >= nextSweep && Interlocked.CompareExchange(ref _nextSweep, now + _time.TimestampFrequency, nextSweep) == nextSweep)
        {
            // At most one sweep a second, by one request: ended windows of clients that went away are dropped.
            Sweep(now);
        }

        var window = _windows.GetOrAdd((rule, client), static _ => new Window());
        return window.Take(rule, now, _time);
    }

    private void Sweep(long now)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.HasEnded(now))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window
    {
        private readonly Lock _gate = new();
        private long _endsAt = long.MinValue;
        private int _used;

        public bool HasEnded(long now)
        {
            lock (_gate)
            {
                return now >= _endsAt;
            }
        }

        public RateLimitDecision Take(RateLimitRule rule, long now, TimeProvider time)
        {
            lock (_gate)
            {
                if (now >= _endsAt)
                {
                    _endsAt = now + (long)(rule.Window.TotalSeconds * time.TimestampFrequency);
                    _used = 0;
                }

                var allowed = _used < rule.Requests;
                if (allowed)
                {
                    _used++;
                }

                var reset = TimeSpan.FromSeconds((double)(_endsAt - now) / time.TimestampFrequency);
                return new RateLimitDecision(allowed, rule, rule.Requests - _used, reset);
            }
        }
    }
}

/// <summary>Whether one request may pass, and what the RateLimit-* headers tell the client.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, RateLimitRule Rule, int Remaining, TimeSpan Reset)
{
    /// <summary>Whole seconds until the window resets, rounded up (never 0 while it is still running).</summary>
    public long ResetSeconds => Math.Max(1, (long)Math.Ceiling(Reset.TotalSeconds));
}
