using Runway.Config.Tests.Support;
using Runway.Model;

namespace Runway.Config.Tests.Loading;

public class AppLoaderDomainsTests
{
    [Fact]
    public void A_service_keeps_its_public_domains_lower_cased_and_an_environment_may_replace_them()
    {
        using var app = new TempApp(
            ("runway.toml", """
                [services.api]
                startCommand = "node server.js"
                domains = ["API.example.com", "backend.up.railway.app"]

                [environments.staging.services.api]
                domains = ["staging-api.example.com"]
                """));

        Assert.Equal(ValueList.Of("api.example.com", "backend.up.railway.app"), app.Load().Spec!.Services[0].Domains);
        Assert.Equal(ValueList.Of("staging-api.example.com"), app.Load("staging").Spec!.Services[0].Domains);
    }

    [Theory]
    [InlineData("https://api.example.com")]
    [InlineData("api.example.com/v1")]
    [InlineData("api.example.com:443")]
    public void A_domain_that_is_a_url_is_an_error_at_its_position(string domain)
    {
        using var app = new TempApp(("runway.toml", $"[services.api]\nstartCommand = \"x\"\ndomains = [\"ok.example.com\", \"{domain}\"]\n"));

        var result = app.Load();

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("runway.toml:3:30", error.Location.ToString());
        Assert.Contains("services.api.domains must be a list of host names", error.Message, StringComparison.Ordinal);
    }
}
