using System.Text;
using Runway.Config.Toml;
using Runway.Tests.Shared;

namespace Runway.Config.Tests.Toml;

/// <summary>The toml-test compliance cases for TOML 1.0.0 in ../shared/toml-test (absent in a plain clone).</summary>
internal static class TomlTestSuite
{
    /// <summary>Stands in for the cases when the suite is not present, so the theories still have one row.</summary>
    public const string Missing = "(toml-test suite not present)";

    public static string? Root
    {
        get
        {
            var shared = RepoPaths.Shared;
            var root = shared is null ? null : Path.Combine(shared, "toml-test");
            return root is not null && File.Exists(Path.Combine(root, "files-toml-1.0.0")) ? root : null;
        }
    }

    public static string SkipMessage => $"toml-test suite not found (expected {Path.Combine(RepoPaths.Root, "..", "shared", "toml-test")}); TOML compliance cases were skipped.";

    /// <summary>Case paths relative to tests/, e.g. "valid/array/bool.toml", listed in files-toml-1.0.0.</summary>
    public static IReadOnlyList<string> Cases(string kind)
    {
        if (Root is not { } root)
        {
            return [];
        }

        return File.ReadAllLines(Path.Combine(root, "files-toml-1.0.0"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(kind + "/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();
    }

    public static TheoryData<string> AsTheoryData(IReadOnlyList<string> cases)
    {
        var data = new TheoryData<string>();
        foreach (var path in cases.Count == 0 ? [Missing] : cases)
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>Null when the valid case parses (from bytes and from text) to its expected JSON; otherwise what went wrong.</summary>
    public static string? CheckValid(string relativePath)
    {
        var tomlPath = Path.Combine(Root!, "tests", relativePath);
        var bytes = File.ReadAllBytes(tomlPath);
        var result = TomlParser.Parse(bytes);
        if (result.Document is null)
        {
            return $"rejected: {result.Error}";
        }

        var fromText = TomlParser.Parse(Encoding.UTF8.GetString(bytes));
        if (fromText.Document is null)
        {
            return $"accepted as bytes but rejected as text: {fromText.Error}";
        }

        var json = File.ReadAllText(Path.ChangeExtension(tomlPath, ".json"));
        return TaggedJson.Compare(json, result.Document) ?? TaggedJson.Compare(json, fromText.Document);
    }

    /// <summary>Null when the invalid case is rejected with an error value; otherwise what went wrong.</summary>
    public static string? CheckInvalid(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root!, "tests", relativePath));
        var result = TomlParser.Parse(bytes);
        if (result.Document is not null || result.Error is null)
        {
            return "accepted, but the document is invalid";
        }

        if (result.Error.Line < 1 || result.Error.Column < 1 || string.IsNullOrWhiteSpace(result.Error.Message))
        {
            return $"error without a message or position: {result.Error}";
        }

        // When the bytes are valid UTF-8 the text entry point must reject the document too.
        var text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes);
        if (!text.Contains('\uFFFD', StringComparison.Ordinal) && TomlParser.Parse(text).Document is not null)
        {
            return "rejected as bytes but accepted as text";
        }

        return null;
    }
}
