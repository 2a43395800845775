using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runway.Server.Api;

/// <summary>One line of an operation's progress stream (newline-delimited JSON): a step, warning, error, output line or
/// detail, and last a <c>result</c> line that says whether the operation succeeded.</summary>
public sealed record ProgressMessage(string Kind, string Text)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Ok { get; init; }

    public const string ResultKind = "result";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
