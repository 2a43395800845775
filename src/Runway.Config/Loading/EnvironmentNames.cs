namespace Runway.Config.Loading;

/// <summary>Picks which <c>environments.NAME</c> table applies to the environment being loaded.</summary>
internal static class EnvironmentNames
{
    public const string Production = "production";

    /// <summary>Railway's name for the overrides of pull-request environments.</summary>
    public const string PullRequest = "pr";

    /// <summary>The exact name when present; otherwise <c>pr</c> for <c>pr-*</c> and <c>preview-*</c> environments.</summary>
    public static string? Select(IEnumerable<string> declared, string environment)
    {
        var names = declared.ToList();
        if (names.Contains(environment, StringComparer.Ordinal))
        {
            return environment;
        }

        // Railway applies environments.pr to its ephemeral pull-request environments.
        var isPreview = environment.StartsWith("pr-", StringComparison.Ordinal) || environment.StartsWith("preview-", StringComparison.Ordinal);
        return isPreview && names.Contains(PullRequest, StringComparer.Ordinal) ? PullRequest : null;
    }
}
