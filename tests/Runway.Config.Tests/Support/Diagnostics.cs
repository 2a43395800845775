using Runway.Config.Documents;

namespace Runway.Config.Tests.Support;

internal static class DiagnosticText
{
    /// <summary>Each diagnostic as the CLI prints it: <c>file:line:col: error: message</c>.</summary>
    public static List<string> Lines(this DiagnosticBag bag) => bag.Items.Select(d => d.ToString()).ToList();

    public static List<string> Lines(this AppLoadResult result) => result.Diagnostics.Select(d => d.ToString()).ToList();

    public static List<string> Errors(this DiagnosticBag bag) => bag.Items.Where(d => d.IsError).Select(d => d.ToString()).ToList();

    public static List<string> Warnings(this DiagnosticBag bag) => bag.Items.Where(d => !d.IsError).Select(d => d.ToString()).ToList();
}
