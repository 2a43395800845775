using System.Text.Json.Serialization;

namespace Runway.Build.Releases;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReleaseMetadata))]
internal sealed partial class ReleaseJsonContext : JsonSerializerContext;
