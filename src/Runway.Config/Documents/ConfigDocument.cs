using Runway.Config.Json;
using Runway.Config.Toml;
using Runway.Model;

namespace Runway.Config.Documents;

/// <summary>Parses a TOML or JSON file into a config node tree; syntax errors become positioned diagnostics.</summary>
internal static class ConfigDocument
{
    /// <summary>The syntax implied by the file name (<c>.json</c> is JSON, everything else TOML).</summary>
    public static ConfigSyntax SyntaxOf(string file) =>
        file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ConfigSyntax.Json : ConfigSyntax.Toml;

    /// <summary>Parses <paramref name="utf8"/>; returns null (with an error added) when the file is not valid.</summary>
    public static ConfigNode? Parse(ReadOnlySpan<byte> utf8, string file, DiagnosticBag diagnostics)
    {
        if (SyntaxOf(file) == ConfigSyntax.Json)
        {
            return JsonNodeParser.Parse(utf8, file, diagnostics);
        }

        var result = TomlParser.Parse(utf8);
        if (result.Document is null)
        {
            var error = result.Error!;
            diagnostics.Error(new SourceLocation(file, error.Line, error.Column), "invalid TOML: " + error.Message);
            return null;
        }

        return TomlNodes.FromTable(result.Document, file, diagnostics);
    }

    /// <summary>Parses text (tests and callers that already hold a string).</summary>
    public static ConfigNode? Parse(string text, string file, DiagnosticBag diagnostics) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(text), file, diagnostics);
}
