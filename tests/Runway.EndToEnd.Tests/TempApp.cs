using Runway.Tests.Shared;

namespace Runway.EndToEnd.Tests;

/// <summary>An app directory written by a test, deleted afterwards.</summary>
internal sealed class TempApp : IDisposable
{
    private readonly TempDirectory _directory = new("runway-app-");

    public TempApp(params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            _directory.Write(path, text);
        }
    }

    public string Directory => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
