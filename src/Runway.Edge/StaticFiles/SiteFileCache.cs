using System.Collections.Concurrent;
using System.Diagnostics;

namespace Runway.Edge.StaticFiles;

/// <summary>Remembers what each request path names and keeps small files' bytes in memory.
/// An entry is trusted for <see cref="StaticFileServingOptions.RevalidationInterval"/>; then the file is looked up
/// again and the entry replaced when anything (real path, size, mtime, siblings) changed. Kept bytes are bounded by
/// <see cref="StaticFileServingOptions.MemoryCacheMaxBytes"/>; when full, the least recently used entries leave.</summary>
internal sealed class SiteFileCache
{
    private readonly ConcurrentDictionary<string, FileEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evictionGate = new();
    private readonly FileProbe _probe;
    private readonly StaticFileServingOptions _options;
    private readonly CacheControlPolicy _cacheControl;
    private readonly TimeProvider _time;
    private readonly long _revalidateAfter;
    private readonly long _touchGranularity;
    private long _cachedBytes;
    private int _count;

    public SiteFileCache(string realRoot, StaticFileServingOptions options, TimeProvider time)
    {
        _probe = new FileProbe(realRoot);
        _options = options;
        _cacheControl = new CacheControlPolicy(options);
        _time = time;
        _revalidateAfter = (long)(options.RevalidationInterval.TotalSeconds * time.TimestampFrequency);
        _touchGranularity = Math.Max(1, time.TimestampFrequency / 10);
    }

    public string RealRoot => _probe.RealRoot;

    /// <summary>Bytes currently kept in memory.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>Request paths currently remembered.</summary>
    public int CachedPaths => Volatile.Read(ref _count);

    public FileEntry Get(string requestPath)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(requestPath, out var entry))
        {
            if (now - entry.LastUsed >= _touchGranularity)
            {
                entry.LastUsed = now;
            }

            // Verdicts on the path's text alone never change.
            if (entry.Kind is EntryKind.Hidden or EntryKind.Refused or EntryKind.Malformed || now - entry.CheckedAt < _revalidateAfter)
            {
                return entry;
            }

            var facts = _probe.Probe(requestPath);
            if (facts == entry.Facts)
            {
                entry.CheckedAt = now;
                return entry;
            }

            var fresh = Create(requestPath, facts, now);
            if (_entries.TryUpdate(requestPath, fresh, entry))
            {
                Release(entry);
            }

            return fresh;
        }

        var created = Create(requestPath, _probe.Probe(requestPath), now);
        if (Volatile.Read(ref _count) >= _options.MaxCachedPaths)
        {
            Prune();
        }

        if (_entries.TryAdd(requestPath, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return _entries.TryGetValue(requestPath, out var raced) ? raced : created;
    }

    /// <summary>Drops <paramref name="entry"/> because its file changed under it; the next request looks again.</summary>
    public void Invalidate(FileEntry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(entry.RequestPath, entry)))
        {
            Interlocked.Decrement(ref _count);
            Release(entry);
        }
    }

    /// <summary>Keeps <paramref name="content"/> as <paramref name="representation"/>'s bytes if the memory budget allows,
    /// evicting the least recently used entries to make room.</summary>
    public bool TryKeep(FileEntry entry, Representation representation, byte[] content)
    {
        long size = content.Length;
        if (!representation.KeepInMemory || size > _options.MemoryCacheMaxBytes)
        {
            return false;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            lock (entry)
            {
                if (entry.Evicted || representation.Content is not null)
                {
                    return false;
                }

                if (Interlocked.Add(ref _cachedBytes, size) <= _options.MemoryCacheMaxBytes)
                {
                    representation.TrySetContent(content);
                    entry.CachedBytes += size;
                    return true;
                }

                Interlocked.Add(ref _cachedBytes, -size);
            }

            EvictLeastRecentlyUsed(size);
        }

        return false;
    }

    private FileEntry Create(string requestPath, FileFacts facts, long now) =>
        facts.Kind == EntryKind.File
            ? FileEntry.ForFile(requestPath, facts, _options, _cacheControl, now)
            : FileEntry.NotAFile(requestPath, facts, _options.DirectoryIndexFile, now);

    private void Release(FileEntry entry)
    {
        lock (entry)
        {
            entry.Evicted = true;
            Interlocked.Add(ref _cachedBytes, -entry.CachedBytes);
            entry.CachedBytes = 0;
        }
    }

    /// <summary>Frees room for <paramref name="needed"/> bytes and a quarter of the budget besides, so that eviction
    /// (a scan of all entries) stays rare.</summary>
    private void EvictLeastRecentlyUsed(long needed)
    {
        lock (_evictionGate)
        {
            var target = (_options.MemoryCacheMaxBytes * 3 / 4) - needed;
            if (Interlocked.Read(ref _cachedBytes) <= target)
            {
                return;
            }

            var holding = new List<FileEntry>();
            foreach (var pair in _entries)
            {
                if (pair.Value.CachedBytes > 0)
                {
                    holding.Add(pair.Value);
                }
            }

            holding.Sort(static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
            foreach (var victim in holding)
            {
                if (Interlocked.Read(ref _cachedBytes) <= target)
                {
                    break;
                }

                Invalidate(victim);
            }
        }
    }

    /// <summary>Bounds the number of remembered paths (random missing paths must not grow memory): forget
    /// everything that is not a file or directory, and if that is not enough, everything.</summary>
    private void Prune()
    {
        lock (_evictionGate)
        {
            if (Volatile.Read(ref _count) < _options.MaxCachedPaths)
            {
                return;
            }

            foreach (var pair in _entries)
            {
                if (pair.Value.Kind is not (EntryKind.File or EntryKind.Directory))
                {
                    Invalidate(pair.Value);
                }
            }

            if (Volatile.Read(ref _count) >= _options.MaxCachedPaths * 3 / 4)
            {
                foreach (var pair in _entries)
                {
                    Invalidate(pair.Value);
                }
            }

            Debug.Assert(Volatile.Read(ref _count) >= 0, "the path count went negative");
        }
    }
}
