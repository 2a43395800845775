using Runway.Model;
using Runway.Runtime.Variables;

namespace Runway.Runtime.Tests.Unit;

public sealed class VariableReferenceResolverTests
{
    private static readonly SourceLocation Location = new("railway.toml", 3, 1);

    private static ValueMap Map(params (string Key, string Value)[] pairs) => new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    private static VariableResolution Resolve(ValueMap variables, ValueMap? shared = null, Dictionary<string, ValueMap>? sources = null) =>
        new VariableReferenceResolver(shared ?? ValueMap.Empty, sources ?? []).Resolve("web", variables, Location);

    [Fact]
    public void Resolves_service_shared_and_own_references()
    {
        var result = Resolve(
            Map(("DB", "${{ postgres.DATABASE_URL }}"), ("REGION", "${{shared.REGION}}"), ("HOST", "localhost"), ("SELF", "${{ HOST }}")),
            shared: Map(("REGION", "eu")),
            sources: new() { ["postgres"] = Map(("DATABASE_URL", "postgres://db/app")) });

        Assert.Empty(result.Diagnostics);
        Assert.Equal("postgres://db/app", result.Variables["DB"]);
        Assert.Equal("eu", result.Variables["REGION"]);
        Assert.Equal("localhost", result.Variables["SELF"]);
    }

    [Fact]
    public void References_embedded_in_text_with_any_spacing_are_replaced()
    {
        var result = Resolve(
            Map(("URL", "https://${{api.HOST}}:${{   api.PORT   }}/v1?r=${{ shared.REGION}}")),
            shared: Map(("REGION", "eu")),
            sources: new() { ["api"] = Map(("HOST", "api.local"), ("PORT", "8080")) });

        Assert.Equal("https://api.local:8080/v1?r=eu", result.Variables["URL"]);
    }

    [Fact]
    public void Referenced_values_are_resolved_in_turn()
    {
        var result = Resolve(
            Map(("API", "${{ api.URL }}")),
            shared: Map(("DOMAIN", "example.test")),
            sources: new() { ["api"] = Map(("URL", "https://${{ HOST }}/"), ("HOST", "api.${{ shared.DOMAIN }}")) });

        Assert.Equal("https://api.example.test/", result.Variables["API"]);
    }

    [Fact]
    public void Service_names_compare_case_insensitively()
    {
        var result = Resolve(Map(("DB", "${{ Postgres.DATABASE_URL }}")), sources: new() { ["postgres"] = Map(("DATABASE_URL", "pg")) });

        Assert.Equal("pg", result.Variables["DB"]);
    }

    [Fact]
    public void The_resolved_service_reads_its_own_instance_variables_by_name()
    {
        // The planner passes the instance's own PORT; ${{ web.PORT }} must see that one, not the service definition.
        var result = new VariableReferenceResolver(ValueMap.Empty, new Dictionary<string, ValueMap> { ["web"] = Map(("PORT", "1")) })
            .Resolve("web", Map(("PORT", "4000"), ("SELF_URL", "http://127.0.0.1:${{ web.PORT }}")), Location);

        Assert.Equal("http://127.0.0.1:4000", result.Variables["SELF_URL"]);
    }

    [Fact]
    public void An_unknown_service_leaves_the_value_empty_with_a_warning_naming_variable_and_reference()
    {
        var result = Resolve(Map(("DB", "url=${{ pg.DATABASE_URL }}")), sources: new() { ["api"] = ValueMap.Empty });

        Assert.Equal("url=", result.Variables["DB"]);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Equal(Location, diagnostic.Location);
        Assert.Contains("variable DB of service 'web'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("${{ pg.DATABASE_URL }}", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("no service or add-on named 'pg' (known: api, shared)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_variable_is_reported_with_the_service_that_lacks_it()
    {
        var result = Resolve(Map(("KEY", "${{ api.SECRET }}"), ("OWN", "${{ MISSING }}")), sources: new() { ["api"] = Map(("OTHER", "x")) });

        Assert.Equal("", result.Variables["KEY"]);
        Assert.Equal("", result.Variables["OWN"]);
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("service 'api' has no variable SECRET", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("variable OWN of service 'web' references ${{ MISSING }}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_is_reported_instead_of_looping()
    {
        var result = Resolve(Map(("A", "x${{ B }}"), ("B", "y${{ A }}")));

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("refers back to itself", StringComparison.Ordinal));
        Assert.Equal("xy", result.Variables["A"]);
    }

    [Fact]
    public void Malformed_references_are_kept_as_written_with_a_warning()
    {
        var result = Resolve(Map(("X", "${{ a.b.c }}"), ("Y", "${{ }}")));

        Assert.Equal("${{ a.b.c }}", result.Variables["X"]);
        Assert.Equal("${{ }}", result.Variables["Y"]);
        Assert.Equal(2, result.Diagnostics.Count);
    }

    [Fact]
    public void Text_without_references_is_unchanged()
    {
        var result = Resolve(Map(("A", "${NOT_RAILWAY}"), ("B", "{{ x }}"), ("C", "$")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal("${NOT_RAILWAY}", result.Variables["A"]);
        Assert.Equal("{{ x }}", result.Variables["B"]);
    }
}
