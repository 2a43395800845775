using Runway.Model;

namespace Runway.Config.Railway;

/// <summary>Checks Railway's <c>cronSchedule</c> (see <see cref="CronSchedule"/> for the syntax).</summary>
internal static class CronScheduleSyntax
{
    /// <summary>Null when valid, else what is wrong.</summary>
    public static string? Problem(string schedule) => CronSchedule.TryParse(schedule, out _, out var problem) ? null : problem;
}
