using System.CommandLine;
using System.Globalization;

namespace Runway.Cli.Commands;

/// <summary>`runway scale APP web=3 worker=2`.</summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var counts = new Argument<string[]>("counts") { Description = "SERVICE=REPLICAS pairs, e.g. web=3 worker=2", Arity = ArgumentArity.OneOrMore };
        counts.Validators.Add(result =>
        {
            foreach (var pair in result.Tokens.Select(t => t.Value))
            {
                if (Parse(pair) is null)
                {
                    result.AddError($"'{pair}' must be SERVICE=REPLICAS with REPLICAS a whole number from 0 to 100, e.g. web=3");
                }
            }
        });
        var command = new Command("scale", "Change how many instances of each service run") { app, counts };
        command.SetAction((parse, _) => DaemonCommand.RunAsync((client, console, stop) =>
        {
            var body = parse.GetValue(counts)!.Select(Parse).OfType<KeyValuePair<string, int>>().ToDictionary();
            return client.RunAsync(HttpMethod.Post, $"/v1/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}/scale", body, console, stop);
        }));
        return command;
    }

    private static KeyValuePair<string, int>? Parse(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && int.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100
            ? new KeyValuePair<string, int>(pair[..equals], count)
            : null;
    }
}
