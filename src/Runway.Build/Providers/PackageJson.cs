using System.Text.Json;
using Runway.Model;

namespace Runway.Build.Providers;

/// <summary>The parts of package.json the node provider reads: scripts, main and packageManager.</summary>
internal sealed record PackageJson(IReadOnlyDictionary<string, string> Scripts, string? Main, string? PackageManager)
{
    public const string FileName = "package.json";

    public static PackageJson Empty { get; } = new(new Dictionary<string, string>(), null, null);

    public bool HasScript(string name) => Scripts.TryGetValue(name, out var script) && !string.IsNullOrWhiteSpace(script);

    /// <summary>Reads package.json from the directory; an unreadable file yields <see cref="Empty"/> and an error.</summary>
    public static PackageJson Read(ISourceFiles files, ICollection<Diagnostic> diagnostics)
    {
        var text = files.ReadText(FileName);
        if (text is null)
        {
            return Empty;
        }

        var location = new SourceLocation(Path.Combine(files.DisplayPath, FileName));
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(Diagnostic.Error(location, "package.json must be a JSON object; fix the file so it starts with '{'"));
                return Empty;
            }

            var root = document.RootElement;
            var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("scripts", out var scriptsElement) && scriptsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var script in scriptsElement.EnumerateObject())
                {
                    if (script.Value.ValueKind == JsonValueKind.String)
                    {
                        scripts[script.Name] = script.Value.GetString()!;
                    }
                }
            }

            return new PackageJson(scripts, StringProperty(root, "main"), StringProperty(root, "packageManager"));
        }
        catch (JsonException exception)
        {
            // JsonException positions are 0-based; SourceLocation is 1-based.
            var line = (int)(exception.LineNumber ?? -1) + 1;
            var column = (int)(exception.BytePositionInLine ?? -1) + 1;
            diagnostics.Add(Diagnostic.Error(location with { Line = line, Column = column }, "package.json is not valid JSON; fix the syntax error here"));
            return Empty;
        }
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
