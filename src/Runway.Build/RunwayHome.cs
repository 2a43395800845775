namespace Runway.Build;

/// <summary>Runway's data directory: <c>$RUNWAY_HOME</c>, default <c>~/.runway</c>.</summary>
public sealed class RunwayHome
{
    public const string VariableName = "RUNWAY_HOME";

    public RunwayHome(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Absolute path of the directory (it may not exist yet).</summary>
    public string Path { get; }

    /// <summary>Where releases live: <c>releases/&lt;app&gt;/&lt;n&gt;</c>.</summary>
    public string ReleasesDirectory => System.IO.Path.Combine(Path, "releases");

    /// <summary>Where logs live: each app's output <c>APP.log</c> and the edge's access logs <c>APP-access.log</c>.</summary>
    public string LogsDirectory => System.IO.Path.Combine(Path, "logs");

    /// <summary>Reads RUNWAY_HOME from the process environment.</summary>
    public static RunwayHome FromEnvironment() =>
        Resolve(Environment.GetEnvironmentVariable(VariableName), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The home for a RUNWAY_HOME value (null or blank: <c>~/.runway</c>); a leading <c>~/</c> means the user's home.</summary>
    public static RunwayHome Resolve(string? variable, string userHome)
    {
        if (string.IsNullOrWhiteSpace(variable))
        {
            return new RunwayHome(System.IO.Path.Combine(userHome, ".runway"));
        }

        var value = variable.Trim();
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
        {
            value = System.IO.Path.Combine(userHome, value.Length > 2 ? value[2..] : "");
        }

        return new RunwayHome(value);
    }

    public override string ToString() => Path;
}
