using Runway.Config.Toml;
using Runway.Model;

namespace Runway.Config.Documents;

/// <summary>Turns a parsed TOML document into config nodes that carry the file's name in every location.</summary>
internal static class TomlNodes
{
    public static ConfigNode FromTable(TomlTable table, string file) => Convert(table, file);

    private static ConfigNode Convert(TomlValue value, string file)
    {
        var location = At(file, value.Position);
        return value switch
        {
            TomlString s => ConfigNode.String(s.Value, location),
            TomlInteger i => ConfigNode.FromInteger(i.Value, location),
            TomlFloat f => ConfigNode.FromFloat(f.Value, location),
            TomlBoolean b => ConfigNode.FromBoolean(b.Value, location),
            TomlDateTime d => ConfigNode.DateTime(d.Text, location),
            TomlArray a => ConfigNode.Array(a.Select(item => Convert(item, file)).ToList(), location),
            TomlTable t => ConfigNode.Object(
                t.Select(pair => new ConfigProperty(pair.Key, At(file, t.KeyPosition(pair.Key)), Convert(pair.Value, file))).ToList(),
                location),
            _ => throw new InvalidOperationException("Unknown TOML value " + value.GetType().Name),
        };
    }

    private static SourceLocation At(string file, TomlPosition position) => new(file, position.Line, position.Column);
}
