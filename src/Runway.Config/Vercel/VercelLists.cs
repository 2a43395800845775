using Runway.Config.Documents;

namespace Runway.Config.Vercel;

/// <summary>How an array of objects in vercel.json is described in messages, and how long it may be.</summary>
/// <param name="Description">What the array must be ("an array of rules").</param>
/// <param name="Noun">What its elements are called when counted ("rules", "items").</param>
/// <param name="ElementDescription">What each element must be ("an object with key and value").</param>
internal sealed record VercelListShape(string Description, string Noun, string ElementDescription, int MaxItems, IReadOnlyCollection<string> Fields);

/// <summary>The checks vercel.json's schema puts on its arrays of objects and on string lengths.</summary>
internal static class VercelLists
{
    /// <summary>
    /// Each element of the array <paramref name="key"/> as a reader (its unknown fields reported), in order; null stands for
    /// an element that is not an object, or for the whole array when it is not an array or is too long (an error is added).
    /// Nothing when the field is absent.
    /// </summary>
    public static IEnumerable<ObjectReader?> Objects(ObjectReader owner, string key, VercelListShape shape)
    {
        var list = owner.Value(key);
        if (list is null)
        {
            yield break;
        }

        if (list.Kind != ConfigNodeKind.Array)
        {
            yield return owner.Invalid<ObjectReader>(key, list, shape.Description);
            yield break;
        }

        var path = owner.FieldPath(key);
        if (list.Items.Count > shape.MaxItems)
        {
            owner.Diagnostics.Error(list.Location, $"{path} has {list.Items.Count} {shape.Noun}; Vercel allows at most {shape.MaxItems}");
            yield return null;
            yield break;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (item.Kind != ConfigNodeKind.Object)
            {
                owner.Diagnostics.Error(item.Location, $"{path}[{i}] must be {shape.ElementDescription} (got {item.Describe(owner.Syntax)})");
                yield return null;
                continue;
            }

            var reader = new ObjectReader(item, $"{path}[{i}]", owner.Syntax, owner.Diagnostics, shape.Fields);
            reader.ReportUnknownFields();
            yield return reader;
        }
    }

    /// <summary>False (with an error) when <paramref name="text"/>, the value of <paramref name="key"/>, is longer than allowed.</summary>
    public static bool WithinLength(ObjectReader owner, string key, string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return true;
        }

        owner.Diagnostics.Error(owner.Value(key)!.Location, $"{owner.FieldPath(key)} is {text.Length} characters long; Vercel allows at most {maxLength}");
        return false;
    }
}
