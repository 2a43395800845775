namespace Runway.Config.Toml;

/// <summary>
/// Creates and reopens tables while keys and headers are read, enforcing TOML 1.0's rules:
/// a table is defined once; tables made by dotted keys cannot be reopened by a header; dotted keys cannot
/// reach into tables defined by a header or written inline; inline tables and inline arrays are closed;
/// only arrays of tables take <c>[[...]]</c> elements.
/// </summary>
internal static class TomlTableBuilder
{
    /// <summary>An intermediate part of a dotted key: <c>a</c> and <c>b</c> in <c>a.b.c = 1</c>.</summary>
    public static bool TryEnterDottedKey(TomlCursor cursor, TomlTable parent, string key, TomlPosition position, int nameStart, out TomlTable table)
    {
        if (!parent.TryGetValue(key, out var existing))
        {
            // "Dotted keys create and define a table for each key part before the last one."
            table = new TomlTable { Position = position, Origin = TomlTableOrigin.DottedKey, DefinedAt = position };
            parent.Add(key, table, position);
            return true;
        }

        table = parent;
        if (existing is TomlTable found)
        {
            switch (found.Origin)
            {
                case TomlTableOrigin.DottedKey:
                    table = found;
                    return true;
                case TomlTableOrigin.Implicit:
                    // Created only as a header's prefix so far: the dotted key defines it from here on.
                    found.Origin = TomlTableOrigin.DottedKey;
                    table = found;
                    return true;
                case TomlTableOrigin.Inline:
                    return cursor.Fail($"cannot add keys to '{Name(cursor, nameStart)}': it is an inline table (defined at {At(found.DefinedAt)}), which must be complete where it is written", position);
                default:
                    // toml-lang/toml#846: dotted keys may not add to a table defined by a [header].
                    return cursor.Fail($"cannot add keys to table [{Name(cursor, nameStart)}] with a dotted key: it was defined by a header at {At(found.DefinedAt)}; put the key under that header instead", position);
            }
        }

        return cursor.Fail($"cannot use '{Name(cursor, nameStart)}' as a table: it is already {Describe(existing)} (defined at {At(parent.KeyPosition(key))})", position);
    }

    /// <summary>The last part of a key in a key/value pair: it must not exist yet.</summary>
    public static bool TryCheckNewKey(TomlCursor cursor, TomlTable table, string key, TomlPosition position, int nameStart)
    {
        if (!table.TryGetValue(key, out var existing))
        {
            return true;
        }

        var first = At(table.KeyPosition(key));
        return existing is TomlTable
            ? cursor.Fail($"duplicate key '{Name(cursor, nameStart)}': it is already a table (first defined at {first})", position)
            : cursor.Fail($"duplicate key '{Name(cursor, nameStart)}' (first defined at {first})", position);
    }

    /// <summary>An intermediate part of a table header: <c>a</c> in <c>[a.b]</c> or <c>[[a.b]]</c>.</summary>
    public static bool TryEnterHeaderPrefix(TomlCursor cursor, TomlTable parent, string key, TomlPosition position, int nameStart, out TomlTable table)
    {
        table = parent;
        if (!parent.TryGetValue(key, out var existing))
        {
            // "[x.y.z] ... you don't need to specify all the super-tables; TOML knows how to do that for you."
            table = new TomlTable { Position = position, Origin = TomlTableOrigin.Implicit, DefinedAt = position };
            parent.Add(key, table, position);
            return true;
        }

        switch (existing)
        {
            case TomlTable { Origin: TomlTableOrigin.Inline } inline:
                return cursor.Fail($"cannot add a table under '{Name(cursor, nameStart)}': it is an inline table (defined at {At(inline.DefinedAt)}), which must be complete where it is written", position);
            case TomlTable found:
                table = found;
                return true;
            case TomlArray { IsArrayOfTables: true } tables:
                // A header below an array of tables refers to its most recent element.
                table = (TomlTable)tables[tables.Count - 1];
                return true;
            default:
                return cursor.Fail($"cannot use '{Name(cursor, nameStart)}' as a table: it is already {Describe(existing)} (defined at {At(parent.KeyPosition(key))})", position);
        }
    }

    /// <summary>The last part of a table header <c>[a.b]</c>.</summary>
    public static bool TryDefineTable(TomlCursor cursor, TomlTable parent, string key, TomlPosition position, int nameStart, out TomlTable table)
    {
        table = parent;
        if (!parent.TryGetValue(key, out var existing))
        {
            table = new TomlTable { Position = position, Origin = TomlTableOrigin.Header, DefinedAt = position };
            parent.Add(key, table, position);
            return true;
        }

        if (existing is TomlTable found)
        {
            switch (found.Origin)
            {
                case TomlTableOrigin.Implicit:
                    // A super-table created by an earlier sub-table's header may be defined once, later.
                    found.Origin = TomlTableOrigin.Header;
                    found.DefinedAt = position;
                    table = found;
                    return true;
                case TomlTableOrigin.DottedKey:
                    return cursor.Fail($"table [{Name(cursor, nameStart)}] is already defined by dotted keys (at {At(found.DefinedAt)}); a header cannot reopen it", position);
                case TomlTableOrigin.Inline:
                    return cursor.Fail($"table [{Name(cursor, nameStart)}] is already defined as an inline table (at {At(found.DefinedAt)})", position);
                default:
                    return cursor.Fail($"table [{Name(cursor, nameStart)}] is defined twice (first defined at {At(found.DefinedAt)})", position);
            }
        }

        if (existing is TomlArray { IsArrayOfTables: true })
        {
            var name = Name(cursor, nameStart);
            return cursor.Fail($"[{name}] is an array of tables (defined at {At(parent.KeyPosition(key))}); use [[{name}]] to add an element", position);
        }

        return cursor.Fail($"cannot define table [{Name(cursor, nameStart)}]: the key is already {Describe(existing)} (defined at {At(parent.KeyPosition(key))})", position);
    }

    /// <summary>The last part of an array-of-tables header <c>[[a.b]]</c>: creates the array or appends a table to it.</summary>
    public static bool TryAppendArrayTable(TomlCursor cursor, TomlTable parent, string key, TomlPosition position, int nameStart, out TomlTable table)
    {
        table = parent;
        if (!parent.TryGetValue(key, out var existing))
        {
            var array = new TomlArray { Position = position, IsArrayOfTables = true };
            parent.Add(key, array, position);
            table = AppendElement(array, position);
            return true;
        }

        if (existing is TomlArray { IsArrayOfTables: true } tables)
        {
            table = AppendElement(tables, position);
            return true;
        }

        var name = Name(cursor, nameStart);
        return existing switch
        {
            // "Attempting to append to a statically defined array, even if that array is empty, must produce an error."
            TomlArray => cursor.Fail($"cannot append to array '{name}' with [[{name}]]: it was written as an inline array (at {At(parent.KeyPosition(key))})", position),
            TomlTable found => cursor.Fail($"[[{name}]] conflicts with table '{name}' (defined at {At(found.DefinedAt)})", position),
            _ => cursor.Fail($"cannot define [[{name}]]: the key is already {Describe(existing)} (defined at {At(parent.KeyPosition(key))})", position),
        };
    }

    private static TomlTable AppendElement(TomlArray array, TomlPosition position)
    {
        var element = new TomlTable { Position = position, Origin = TomlTableOrigin.Root, DefinedAt = position };
        array.Add(element);
        return element;
    }

    /// <summary>The key or header as written, from its start to the cursor; only computed for messages.</summary>
    private static string Name(TomlCursor cursor, int nameStart) => cursor.Slice(nameStart, cursor.Index);

    private static string At(TomlPosition position) => $"{position.Line}:{position.Column}";

    private static string Describe(TomlValue value) => value switch
    {
        TomlArray { IsArrayOfTables: true } => "an array of tables",
        TomlArray => "an array",
        TomlInteger => "an integer",
        TomlTable { Origin: TomlTableOrigin.Inline } => "an inline table",
        _ => "a " + value.KindName,
    };
}
