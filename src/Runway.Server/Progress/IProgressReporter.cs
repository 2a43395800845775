namespace Runway.Server.Progress;

/// <summary>Where the steps of preparing, deploying and running an app are told: the terminal for `runway up`,
/// the client's response stream and the app's event log for the daemon.</summary>
public interface IProgressReporter
{
    /// <summary>A step that starts or finishes.</summary>
    void Step(string message);

    void Warning(string message);

    void Error(string message);

    /// <summary>A line of output from a build, a release command or an instance, with its source (<c>web.1</c>, <c>api:build</c>).</summary>
    void Line(string source, string line);

    /// <summary>Indented detail under the previous step.</summary>
    void Detail(string text);
}
