using Runway.Config.Documents;
using Runway.Config.Loading;
using Runway.Model;

namespace Runway.Config.Railway;

/// <summary>
/// Reads Railway's deploy fields (railway.toml <c>[deploy]</c>, and the same names in runway.toml services) into a layer.
/// </summary>
internal static class DeployFieldsReader
{
    public static readonly string[] Fields =
    [
        "startCommand", "preDeployCommand", "numReplicas", "healthcheckPath", "healthcheckTimeout", "restartPolicyType",
        "restartPolicyMaxRetries", "cronSchedule", "overlapSeconds", "drainingSeconds",
    ];

    // Railway: restartPolicyType ON_FAILURE | ALWAYS | NEVER (any case).
    private static readonly string[] RestartPolicies = ["ON_FAILURE", "ALWAYS", "NEVER"];

    public static ServiceLayer Read(ObjectReader table, ServiceLayer layer)
    {
        var start = table.String("startCommand");
        var healthPath = table.String("healthcheckPath");
        if (healthPath is not null && !healthPath.StartsWith('/'))
        {
            table.Diagnostics.Error(table.Value("healthcheckPath")!.Location, $"{table.FieldPath("healthcheckPath")} must be a path starting with / (got \"{healthPath}\")");
            healthPath = null;
        }

        var cron = table.String("cronSchedule");
        if (cron is not null && !CronSchedule.TryParse(cron, out _, out var problem))
        {
            table.Diagnostics.Error(table.Value("cronSchedule")!.Location, $"{table.FieldPath("cronSchedule")} {problem} (got \"{cron}\")");
            cron = null;
        }

        return layer with
        {
            StartCommand = start ?? layer.StartCommand,
            StartCommandAt = start is null ? layer.StartCommandAt : table.Value("startCommand")!.Location,
            ReleaseCommands = table.StringOrStringArray("preDeployCommand") ?? layer.ReleaseCommands,
            Replicas = table.Integer("numReplicas", minimum: 1) ?? layer.Replicas,
            HealthcheckPath = healthPath ?? layer.HealthcheckPath,
            HealthcheckTimeoutSeconds = table.Integer("healthcheckTimeout", minimum: 1) ?? layer.HealthcheckTimeoutSeconds,
            RestartPolicy = ParseRestartPolicy(table.OneOf("restartPolicyType", RestartPolicies)) ?? layer.RestartPolicy,
            RestartMaxRetries = table.Integer("restartPolicyMaxRetries", minimum: 0) ?? layer.RestartMaxRetries,
            CronSchedule = cron ?? layer.CronSchedule,
            OverlapSeconds = table.Integer("overlapSeconds", minimum: 0) ?? layer.OverlapSeconds,
            DrainingSeconds = table.Integer("drainingSeconds", minimum: 0) ?? layer.DrainingSeconds,
        };
    }

    private static RestartPolicyKind? ParseRestartPolicy(string? value) => value switch
    {
        "ON_FAILURE" => RestartPolicyKind.OnFailure,
        "ALWAYS" => RestartPolicyKind.Always,
        "NEVER" => RestartPolicyKind.Never,
        _ => null,
    };
}
