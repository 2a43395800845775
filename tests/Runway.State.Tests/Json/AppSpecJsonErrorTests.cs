using Runway.Model;

namespace Runway.State.Tests.Json;

/// <summary>Stored JSON that is not a spec fails with the exact path of what is wrong.</summary>
public class AppSpecJsonErrorTests
{
    private const string Prefix = "the app spec JSON is invalid at ";

    private static readonly string Valid = AppSpecJson.Serialize(new AppSpec(
        "shop",
        "/srv/shop",
        "production",
        [new ServiceSpec("web", ServiceKind.Web, ".", BuildSpec.Default, "node s.js", [], HealthCheckSpec.Default, RestartPolicy.Default, 1, ValueMap.Empty)],
        [],
        [],
        ValueMap.Empty));

    [Theory]
    [InlineData("not json", "$ (line 1, byte 2): 'not json' is an invalid JSON literal.")]
    [InlineData("", "$ (line 1, byte 1): The input does not contain any JSON tokens.")]
    [InlineData("{\"name\":\"shop\"", "$ (line 1, byte 15): Expected depth to be zero at the end of the JSON payload.")]
    [InlineData("[]", "$ (line 1, byte 2): The JSON value could not be converted to Runway.Model.AppSpec.")]
    public void Text_that_is_not_a_json_object_fails_at_its_position(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => AppSpecJson.Deserialize(json));

        Assert.StartsWith(Prefix + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_invalid_data()
    {
        var error = Assert.Throws<InvalidDataException>(() => AppSpecJson.Deserialize("null"));

        Assert.Equal("the app spec JSON is null; expected an object", error.Message);
    }

    [Theory]
    [InlineData("\"kind\":\"Web\"", "\"kind\":\"Daemon\"", "$.services[0].kind: The JSON value could not be converted")]
    [InlineData("\"kind\":\"Web\"", "\"kind\":0", "$.services[0].kind: The JSON value could not be converted")]
    [InlineData("{\"name\":\"install\",\"commands\":null}", "{\"name\":\"install\",\"commands\":[\"a\",1]}", "$.services[0].build.phases[0].commands[1]: The JSON value could not be converted to System.String.")]
    [InlineData("\"startTimeout\":\"00:05:00\"", "\"startTimeout\":\"five minutes\"", "$.services[0].health.startTimeout: The JSON value could not be converted to Runway.Model.HealthCheckSpec. (The JSON value is not in a supported TimeSpan format.)")]
    [InlineData("\"replicas\":1", "\"replicas\":\"1\"", "$.services[0].replicas: ")]
    [InlineData("\"sites\":[]", "\"sites\":{}", "$.sites (line 1, byte N): expected an array, found StartObject")]
    [InlineData("\"sites\":[]", "\"sites\":[null]", "$.sites[0] (line 1, byte N): a list item may not be null")]
    [InlineData("\"variables\":{},\"entry\"", "\"variables\":{\"PORT\":3000},\"entry\"", "$.variables.PORT (line 1, byte N): expected a string, found Number")]
    [InlineData("\"variables\":{},\"entry\"", "\"variables\":[],\"entry\"", "$.variables (line 1, byte N): expected an object of strings, found StartArray")]
    [InlineData("\"rootDirectory\":\"/srv/shop\",", "", "$ (line 1, byte N): JSON deserialization for type 'Runway.Model.AppSpec' was missing required properties including: 'rootDirectory'.")]
    [InlineData("\"name\":\"shop\"", "\"name\":null", "$.name (line 1, byte 13): The constructor parameter 'Name' on type 'Runway.Model.AppSpec' doesn't allow null values.")]
    [InlineData("{\"name\":\"shop\"", "{\"colour\":\"red\",\"name\":\"shop\"", "$.colour (line 1, byte 11): The JSON property 'colour' could not be mapped to any .NET member")]
    public void A_wrong_value_names_its_path(string valid, string wrong, string expected)
    {
        Assert.Contains(valid, Valid, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => AppSpecJson.Deserialize(Valid.Replace(valid, wrong, StringComparison.Ordinal)));

        // Offsets deep in the document move whenever the spec gains a field; "byte N" stands for any of them.
        var message = expected.Contains("byte N)", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(error.Message, @"byte \d+\)", "byte N)")
            : error.Message;
        Assert.StartsWith(Prefix + expected, message, StringComparison.Ordinal);
    }
}
