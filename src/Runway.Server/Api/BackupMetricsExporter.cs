using System.Globalization;
using System.Text;
using Runway.Server.Backups;

namespace Runway.Server.Api;

/// <summary>Each add-on's backup health in the Prometheus text format, appended to the edge's /metrics: alert on
/// <c>time() - runway_backup_last_success_timestamp_seconds</c> growing, or on <c>increase(runway_backup_failures_total[1h]) > 0</c>.</summary>
internal static class BackupMetricsExporter
{
    public static string Render(IReadOnlyList<AddonBackupState> states)
    {
        var success = new StringBuilder("# HELP runway_backup_last_success_timestamp_seconds When the add-on's newest successful backup started, in Unix time.\n# TYPE runway_backup_last_success_timestamp_seconds gauge\n");
        var failures = new StringBuilder("# HELP runway_backup_failures_total Failed backups, S3 copies and retention runs of the add-on since the daemon started.\n# TYPE runway_backup_failures_total counter\n");
        foreach (var state in states)
        {
            var labels = $"{{app=\"{Escape(state.App)}\",addon=\"{Escape(state.Addon)}\"}}";
            if (state.LastSuccessAt is { } at)
            {
                success.Append(CultureInfo.InvariantCulture, $"runway_backup_last_success_timestamp_seconds{labels} {at.ToUnixTimeMilliseconds() / 1000.0:0.###}\n");
            }

            failures.Append(CultureInfo.InvariantCulture, $"runway_backup_failures_total{labels} {state.Failures}\n");
        }

        return success.Append(failures).ToString();
    }

    // The text format's label value escapes: backslash, double quote and line feed.
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
