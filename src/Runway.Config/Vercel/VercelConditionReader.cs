using System.Text;
using System.Text.RegularExpressions;
using Runway.Config.Documents;
using Runway.Model;

namespace Runway.Config.Vercel;

/// <summary>
/// Reads <c>has</c>/<c>missing</c> lists: at most 16 items of <c>{type: "host", value}</c> or
/// <c>{type: "header"|"cookie"|"query", key, value?}</c>; a value is a regex string or an operator object
/// (eq, neq, inc, ninc, pre, suf, re), which is turned into an equivalent regex.
/// </summary>
internal static class VercelConditionReader
{
    public const int MaxItems = 16;
    public const int MaxLength = 4096;

    private static readonly string[] Types = ["host", "header", "cookie", "query"];
    private static readonly string[] ItemFields = ["type", "key", "value"];
    private static readonly string[] Operators = ["eq", "neq", "inc", "ninc", "pre", "suf", "re", "gt", "gte", "lt", "lte"];

    private static readonly VercelListShape Shape = new("an array of conditions", "items", "an object with type, key and value", MaxItems, ItemFields);

    /// <summary>The list, or null when it is invalid (errors added) or uses what Runway cannot match (a warning added).</summary>
    public static ValueList<VercelCondition>? Read(ObjectReader rule, string key)
    {
        var conditions = new List<VercelCondition>();
        var valid = true;
        foreach (var item in VercelLists.Objects(rule, key, Shape))
        {
            var condition = item is null ? null : ReadItem(item);
            valid &= condition is not null;
            if (condition is not null)
            {
                conditions.Add(condition);
            }
        }

        return valid ? conditions.ToValueList() : default(ValueList<VercelCondition>?);
    }

    private static VercelCondition? ReadItem(ObjectReader item)
    {
        var type = item.OneOf("type", Types);
        if (type is null)
        {
            if (item.Value("type") is null)
            {
                item.Diagnostics.Error(item.Node.Location, $"{item.Path} needs a type (one of {string.Join(", ", Types)})");
            }

            return null;
        }

        var key = item.String("key");
        if (type == "host" && item.Value("key") is { } hostKey)
        {
            item.Diagnostics.Error(hostKey.Location, $"{item.FieldPath("key")} is not allowed when type is host; put the host pattern in value");
            return null;
        }

        if (type != "host" && key is null)
        {
            item.Diagnostics.Error(item.Node.Location, $"{item.Path} needs a key (the {type} name) when type is {type}");
            return null;
        }

        var valueNode = item.Value("value");
        if (valueNode is null)
        {
            if (type == "host")
            {
                item.Diagnostics.Error(item.Node.Location, $"{item.Path} needs a value (the host pattern) when type is host");
                return null;
            }

            return new VercelCondition(type, key, null);
        }

        var value = valueNode.Kind switch
        {
            ConfigNodeKind.String => VercelLists.WithinLength(item, "value", valueNode.Text, MaxLength) ? valueNode.Text : null,
            ConfigNodeKind.Object => OperatorRegex(new ObjectReader(valueNode, item.FieldPath("value"), item.Syntax, item.Diagnostics, Operators)),
            _ => item.Invalid<string>("value", valueNode, "a regex string or an object of operators (eq, neq, inc, ninc, pre, suf, re)"),
        };
        return value is null ? null : new VercelCondition(type, key, value);
    }

    /// <summary>
    /// An operator object as one regex that matches the whole value: every operator becomes a lookahead at the start.
    /// Numeric comparisons (gt, gte, lt, lte) cannot be written as a regex: the rule is skipped with a warning.
    /// </summary>
    private static string? OperatorRegex(ObjectReader value)
    {
        value.ReportUnknownFields();
        if (value.Node.Properties.Count == 0)
        {
            value.Diagnostics.Error(value.Node.Location, $"{value.Path} needs at least one operator (eq, neq, inc, ninc, pre, suf, re)");
            return null;
        }

        var numeric = value.Node.Properties.FirstOrDefault(p => p.Key is "gt" or "gte" or "lt" or "lte");
        if (numeric is not null)
        {
            value.Diagnostics.Warning(numeric.KeyLocation, $"{value.FieldPath(numeric.Key)}: numeric comparisons are not supported yet; the rule is skipped");
            return null;
        }

        var regex = new StringBuilder("^");
        foreach (var property in value.Node.Properties.Where(p => Operators.Contains(p.Key)))
        {
            var part = Lookahead(value, property);
            if (part is null)
            {
                return null;
            }

            regex.Append(part);
        }

        return regex.Append(@"[\s\S]*$").ToString();
    }

    private static string? Lookahead(ObjectReader value, ConfigProperty property)
    {
        var key = property.Key;
        if (key is "inc" or "ninc")
        {
            var items = value.StringArray(key);
            if (items is null)
            {
                return null;
            }

            var alternatives = string.Join("|", items.Value.Select(Regex.Escape));
            return key == "inc" ? $"(?=(?:{alternatives})$)" : $"(?!(?:{alternatives})$)";
        }

        var text = key == "eq" && property.Value.Kind is ConfigNodeKind.Integer or ConfigNodeKind.Float
            ? property.Value.ScalarText()
            : value.String(key);
        if (text is null)
        {
            return null;
        }

        var escaped = Regex.Escape(text);
        return key switch
        {
            "eq" => $"(?={escaped}$)",
            "neq" => $"(?!{escaped}$)",
            "pre" => $"(?={escaped})",
            "suf" => $@"(?=[\s\S]*{escaped}$)",
            _ => $@"(?=[\s\S]*?(?:{text}))",
        };
    }
}
