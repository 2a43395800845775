using Runway.Model;

namespace Runway.Runtime.Scheduling;

/// <summary>A cron service: what one run executes, and when runs start.</summary>
public sealed record CronJob(InstanceSpec Run, CronSchedule Schedule);
