using Runway.Model;

namespace Runway.Config.Documents;

/// <summary>
/// Reads the fields of one table/object with their expected types. A wrong type or value adds an error naming
/// the field path and what was expected; an absent field (or JSON <c>null</c>) reads as null.
/// </summary>
internal sealed class ObjectReader
{
    private readonly IReadOnlyCollection<string> _knownFields;

    public ObjectReader(ConfigNode node, string path, ConfigSyntax syntax, DiagnosticBag diagnostics, IReadOnlyCollection<string> knownFields)
    {
        Node = node;
        Path = path;
        Syntax = syntax;
        Diagnostics = diagnostics;
        _knownFields = knownFields;
    }

    public ConfigNode Node { get; }

    /// <summary>Dotted path of this table in the document (empty for the root).</summary>
    public string Path { get; }

    public ConfigSyntax Syntax { get; }

    public DiagnosticBag Diagnostics { get; }

    public string TableWord => Syntax == ConfigSyntax.Toml ? "a table" : "an object";

    public string FieldPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>The value of <paramref name="key"/>; null when absent or JSON null (which means "not set").</summary>
    public ConfigNode? Value(string key)
    {
        var value = Node.Property(key)?.Value;
        return value is null || value.Kind == ConfigNodeKind.Null ? null : value;
    }

    public string? String(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.String)
        {
            return Invalid<string>(key, value, "a string");
        }

        return value.Text;
    }

    public int? Integer(string key, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        long number;
        if (value.Kind == ConfigNodeKind.Integer)
        {
            number = value.Integer;
        }
        else if (Syntax == ConfigSyntax.Json && value.Kind == ConfigNodeKind.Float && double.IsInteger(value.Float) && Math.Abs(value.Float) < long.MaxValue)
        {
            // JSON has one number type: 60.0 is the integer 60 to JavaScript.
            number = (long)value.Float;
        }
        else
        {
            Invalid<int>(key, value, "an integer");
            return null;
        }

        if (number < minimum)
        {
            Diagnostics.Error(value.Location, $"{FieldPath(key)} must be at least {minimum} (got {value.Describe(Syntax)})");
            return null;
        }

        if (number > maximum)
        {
            Diagnostics.Error(value.Location, $"{FieldPath(key)} must be at most {maximum} (got {value.Describe(Syntax)})");
            return null;
        }

        return (int)number;
    }

    public bool? Boolean(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.Boolean)
        {
            Invalid<bool>(key, value, "true or false");
            return null;
        }

        return value.Boolean;
    }

    public ValueList<string>? StringArray(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.Array)
        {
            Invalid<string>(key, value, "an array of strings");
            return null;
        }

        return Strings(key, value);
    }

    /// <summary>A string (one command) or an array of strings.</summary>
    public ValueList<string>? StringOrStringArray(string key)
    {
        var value = Value(key);
        return value?.Kind switch
        {
            null => null,
            ConfigNodeKind.String => ValueList.Of(value.Text),
            ConfigNodeKind.Array => Strings(key, value),
            _ => Invalid<ValueList<string>?>(key, value, "a string or an array of strings"),
        };
    }

    /// <summary>One of <paramref name="allowed"/>, compared case-insensitively; returns the allowed spelling.</summary>
    public string? OneOf(string key, IReadOnlyList<string> allowed)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        var expected = "one of " + string.Join(", ", allowed);
        if (value.Kind != ConfigNodeKind.String)
        {
            return Invalid<string>(key, value, expected);
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, value.Text, StringComparison.OrdinalIgnoreCase));
        return match ?? Invalid<string>(key, value, expected);
    }

    /// <summary>A nested table; null when absent or not a table (an error is added then).</summary>
    public ObjectReader? Table(string key, IReadOnlyCollection<string> knownFields)
    {
        var value = Value(key);
        if (value is null)
        {
            return null;
        }

        if (value.Kind != ConfigNodeKind.Object)
        {
            return Invalid<ObjectReader>(key, value, TableWord);
        }

        return new ObjectReader(value, FieldPath(key), Syntax, Diagnostics, knownFields);
    }

    /// <summary>A table whose keys are names chosen by the user (environments, phases, services).</summary>
    public IEnumerable<(ConfigProperty Property, ObjectReader Reader)> NamedTables(string key, IReadOnlyCollection<string> knownFields)
    {
        var table = Table(key, []);
        if (table is null)
        {
            yield break;
        }

        foreach (var property in table.Node.Properties)
        {
            if (property.Value.Kind == ConfigNodeKind.Null)
            {
                continue;
            }

            if (property.Value.Kind != ConfigNodeKind.Object)
            {
                table.Invalid<int>(property.Key, property.Value, TableWord);
                continue;
            }

            yield return (property, new ObjectReader(property.Value, table.FieldPath(property.Key), Syntax, Diagnostics, knownFields));
        }
    }

    /// <summary>A table of variables: string values, with numbers and booleans taken as their text.</summary>
    public ValueMap? StringMap(string key)
    {
        var table = Table(key, []);
        if (table is null)
        {
            return null;
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var property in table.Node.Properties)
        {
            var text = property.Value.ScalarText();
            if (text is null)
            {
                if (property.Value.Kind != ConfigNodeKind.Null)
                {
                    table.Invalid<int>(property.Key, property.Value, "a string");
                }

                continue;
            }

            values.Add(new(property.Key, text));
        }

        return new ValueMap(values);
    }

    /// <summary>Warns about every key that is not one of this table's known fields.</summary>
    public void ReportUnknownFields(string? ignoredBecause = null)
    {
        foreach (var property in Node.Properties)
        {
            if (_knownFields.Contains(property.Key))
            {
                continue;
            }

            var suggestion = FieldSuggestion.Closest(property.Key, _knownFields);
            var hint = suggestion is null ? "" : $" (did you mean {suggestion}?)";
            Diagnostics.Warning(property.KeyLocation, $"unknown field {FieldPath(property.Key)}{hint}; it is ignored{ignoredBecause}");
        }
    }

    public T? Invalid<T>(string key, ConfigNode value, string expected)
    {
        Diagnostics.Error(value.Location, $"{FieldPath(key)} must be {expected} (got {value.Describe(Syntax)})");
        return default;
    }

    public void Warn(string key, string message)
    {
        var property = Node.Property(key);
        Diagnostics.Warning(property?.KeyLocation ?? Node.Location, $"{FieldPath(key)} {message}");
    }

    private ValueList<string>? Strings(string key, ConfigNode array)
    {
        var items = new List<string>();
        var valid = true;
        for (var i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            if (item.Kind != ConfigNodeKind.String)
            {
                Diagnostics.Error(item.Location, $"{FieldPath(key)}[{i}] must be a string (got {item.Describe(Syntax)})");
                valid = false;
                continue;
            }

            items.Add(item.Text);
        }

        return valid ? items.ToValueList() : default(ValueList<string>?);
    }
}
