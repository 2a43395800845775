using System.Globalization;
using System.Text;

namespace Runway.Addons.Redis;

/// <summary>The RESP2 reply types (redis.io/docs/reference/protocol-spec): the first byte of each reply.</summary>
internal enum RespType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,

    /// <summary>The null bulk string (<c>$-1</c>) or the null array (<c>*-1</c>).</summary>
    Null,
}

/// <summary>One parsed reply of a Redis server. Immutable.</summary>
internal sealed class RespValue
{
    private static readonly byte[] NoBytes = [];

    private RespValue(RespType type, byte[] bytes, long integer, IReadOnlyList<RespValue> items)
    {
        Type = type;
        Bytes = bytes;
        Integer = integer;
        Items = items;
    }

    public static RespValue Null { get; } = new(RespType.Null, NoBytes, 0, []);

    public RespType Type { get; }

    /// <summary>The content of a simple string, error or bulk string; empty for the other types.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public long Integer { get; }

    /// <summary>The elements of an array; empty for the other types.</summary>
    public IReadOnlyList<RespValue> Items { get; }

    public bool IsError => Type == RespType.Error;

    /// <summary><see cref="Bytes"/> as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes.Span);

    public static RespValue SimpleString(byte[] bytes) => new(RespType.SimpleString, bytes, 0, []);

    public static RespValue Error(byte[] bytes) => new(RespType.Error, bytes, 0, []);

    public static RespValue FromInteger(long value) => new(RespType.Integer, NoBytes, value, []);

    public static RespValue BulkString(byte[] bytes) => new(RespType.BulkString, bytes, 0, []);

    public static RespValue Array(IReadOnlyList<RespValue> items) => new(RespType.Array, NoBytes, 0, items);

    /// <summary>True for the simple string or bulk string <paramref name="text"/> (e.g. "PONG", "OK").</summary>
    public bool IsText(string text) => Type is RespType.SimpleString or RespType.BulkString && Text == text;

    /// <summary>redis-cli's notation, for messages: <c>PONG</c>, <c>(error) ERR ...</c>, <c>(integer) 1</c>, <c>"bulk"</c>, <c>(nil)</c>, <c>[a, b]</c>.</summary>
    public override string ToString() => Type switch
    {
        RespType.SimpleString => Text,
        RespType.Error => "(error) " + Text,
        RespType.Integer => string.Create(CultureInfo.InvariantCulture, $"(integer) {Integer}"),
        RespType.BulkString => "\"" + Text + "\"",
        RespType.Array => "[" + string.Join(", ", Items) + "]",
        _ => "(nil)",
    };
}
