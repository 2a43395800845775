using Runway.Tests.Shared;

namespace Runway.Config.Tests.Support;

/// <summary>A temporary app directory with the given files; deleted on dispose.</summary>
internal sealed class TempApp : IDisposable
{
    private readonly TempDirectory _directory = new("runway-config-");

    public TempApp(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }
    }

    public string Root => _directory.Path;

    public void Write(string path, string content) => _directory.Write(path, content);

    public AppLoadResult Load(string environment = "production", Model.ValueMap? variables = null) =>
        AppLoader.Load(Root, new AppLoadOptions { Environment = environment, Variables = variables ?? Model.ValueMap.Empty });

    public void Dispose() => _directory.Dispose();
}
