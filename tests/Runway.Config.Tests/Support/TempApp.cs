namespace Runway.Config.Tests.Support;

/// <summary>A temporary app directory with the given files; deleted on dispose.</summary>
internal sealed class TempApp : IDisposable
{
    public TempApp(params (string Path, string Content)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "runway-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }
    }

    public string Root { get; }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public AppLoadResult Load(string environment = "production", Model.ValueMap? variables = null) =>
        AppLoader.Load(Root, new AppLoadOptions { Environment = environment, Variables = variables ?? Model.ValueMap.Empty });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp directory eventually.
        }
    }
}
