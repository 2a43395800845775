namespace Runway.EndToEnd.Tests;

/// <summary>An app directory written by a test, deleted afterwards.</summary>
internal sealed class TempApp : IDisposable
{
    public TempApp(params (string Path, string Text)[] files)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("runway-app-").FullName;
        foreach (var (path, text) in files)
        {
            var full = System.IO.Path.Combine(Directory, path);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
