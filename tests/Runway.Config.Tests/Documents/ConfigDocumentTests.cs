using Runway.Config.Documents;
using Runway.Config.Tests.Support;

namespace Runway.Config.Tests.Documents;

public class ConfigDocumentTests
{
    [Fact]
    public void Toml_keys_and_values_keep_their_positions()
    {
        var diagnostics = new DiagnosticBag();

        var node = ConfigDocument.Parse("[deploy]\nnumReplicas = 2\n", "api/railway.toml", diagnostics)!;

        var replicas = node.Property("deploy")!.Value.Property("numReplicas")!;
        Assert.Equal(("api/railway.toml:2:1", "api/railway.toml:2:15"), (replicas.KeyLocation.ToString(), replicas.Value.Location.ToString()));
    }

    [Fact]
    public void Absurdly_deep_tables_are_an_error_not_a_crash()
    {
        var diagnostics = new DiagnosticBag();
        var key = string.Join('.', Enumerable.Repeat("a", 20_000));

        var node = ConfigDocument.Parse($"[{key}]\nx = 1\n", "runway.toml", diagnostics);

        Assert.Null(node);
        Assert.Single(diagnostics.Errors());
    }

    [Fact]
    public void Json_nesting_is_limited()
    {
        var diagnostics = new DiagnosticBag();

        var node = ConfigDocument.Parse(new string('[', 1000) + new string(']', 1000), "vercel.json", diagnostics);

        Assert.Null(node);
        Assert.StartsWith("vercel.json:1:", Assert.Single(diagnostics.Errors()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_syntax_follows_the_file_extension()
    {
        Assert.Equal(ConfigSyntax.Json, ConfigDocument.SyntaxOf("api/railway.json"));
        Assert.Equal(ConfigSyntax.Toml, ConfigDocument.SyntaxOf("railway.toml"));
    }
}
