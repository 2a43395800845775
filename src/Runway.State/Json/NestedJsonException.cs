using System.Text.Json;

namespace Runway.State.Json;

/// <summary>
/// A read failure inside a value our converters read item by item. System.Text.Json sets <see cref="JsonException.Path"/>
/// only to where a custom converter was called, and a nested <see cref="JsonSerializer.Deserialize{TValue}(ref Utf8JsonReader, JsonSerializerOptions?)"/>
/// reports paths from its own root; this exception carries the rest of the path (<c>[0].build.phases[1]</c>) outward so
/// the final message names the exact place: <c>$.services[0].build.phases[1].name</c>.
/// </summary>
internal sealed class NestedJsonException : JsonException
{
    private NestedJsonException(string relativePath, string detail, JsonException? inner)
        : base(detail, inner)
    {
        RelativePath = relativePath;
        Detail = detail;
    }

    /// <summary>The path below <see cref="JsonException.Path"/>, starting with <c>.</c> or <c>[</c>, or empty.</summary>
    public string RelativePath { get; }

    /// <summary>What was wrong, without any path.</summary>
    public string Detail { get; }

    /// <summary>A failure at the value being read (path suffix empty) or below it.</summary>
    public static NestedJsonException At(string relativePath, string detail) => new(relativePath, detail, null);

    /// <summary>Wraps a failure that happened while reading the item at <paramref name="step"/> (such as <c>[2]</c>).</summary>
    public static NestedJsonException Below(string step, JsonException inner) =>
        new(step + FullRelativePath(inner), DetailOf(inner), inner);

    /// <summary>The full path of a failure seen by the outermost caller.</summary>
    public static string PathOf(JsonException ex) => (ex.Path ?? "$") + (ex is NestedJsonException nested ? nested.RelativePath : "");

    /// <summary>Where the failure was, as 1-based line and byte, when known. A failure inside a list item has none: a
    /// nested Deserialize resets the reader to the item's start and counts its own positions from there, so only the
    /// path is exact.</summary>
    public static (long Line, long Byte)? PositionOf(JsonException ex) =>
        ex is NestedJsonException { InnerException: JsonException } || ex.LineNumber is not { } line || ex.BytePositionInLine is not { } column
            ? null
            : (line + 1, column + 1);

    /// <summary>What was wrong, without System.Text.Json's "Path: ... | LineNumber: ..." suffix, with the reason
    /// underneath (such as a TimeSpan's format) when there is one.</summary>
    public static string DetailOf(JsonException ex)
    {
        if (ex is NestedJsonException nested)
        {
            return nested.Detail;
        }

        var suffix = ex.Message.IndexOf(" Path: ", StringComparison.Ordinal);
        var detail = suffix < 0 ? ex.Message : ex.Message[..suffix];
        return ex.InnerException is { } reason and not JsonException ? $"{detail} ({reason.Message})" : detail;
    }

    /// <summary>A property step: <c>.name</c>, or <c>['some key']</c> when the name is not a plain identifier.</summary>
    public static string PropertyStep(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? "." + name : $"['{name}']";

    // The inner exception's Path was set by the nested call's own root ("$" or "$.kind"); drop the "$".
    private static string FullRelativePath(JsonException inner) => PathOf(inner)[1..];
}
