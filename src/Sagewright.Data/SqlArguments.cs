using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Sagewright.Data;

/// <summary>Turns the args of a <see cref="DbSession"/> call into (name, value) pairs.</summary>
internal static class SqlArguments
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByType = new();

    public static IEnumerable<KeyValuePair<string, object?>> Enumerate(object? args) => args switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
        IDictionary dictionary => FromDictionary(dictionary),
        string or ValueType => throw new ArgumentException(
            "SQL arguments must be an anonymous object or a dictionary of named values.", nameof(args)),
        _ => FromProperties(args),
    };

    private static IEnumerable<KeyValuePair<string, object?>> FromDictionary(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            yield return new(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!, entry.Value);
        }
    }

    private static IEnumerable<KeyValuePair<string, object?>> FromProperties(object args)
    {
        var properties = PropertiesByType.GetOrAdd(args.GetType(), static type => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToArray());
        foreach (var property in properties)
        {
            yield return new(property.Name, property.GetValue(args));
        }
    }
}
