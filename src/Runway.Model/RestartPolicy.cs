namespace Runway.Model;

public enum RestartPolicyKind
{
    /// <summary>Restart when the process exits with a non-zero code or fails its health check.</summary>
    OnFailure,

    /// <summary>Restart whenever the process exits.</summary>
    Always,

    /// <summary>Never restart.</summary>
    Never,
}

/// <summary>Railway's restart policy: type and maximum consecutive restarts (Railway's default: ON_FAILURE, 10).</summary>
public sealed record RestartPolicy(RestartPolicyKind Kind, int MaxRetries)
{
    public const int DefaultMaxRetries = 10;

    public static RestartPolicy Default { get; } = new(RestartPolicyKind.OnFailure, DefaultMaxRetries);
}
