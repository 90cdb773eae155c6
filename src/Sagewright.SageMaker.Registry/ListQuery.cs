using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;

namespace Sagewright.SageMaker.Registry;

/// <summary>
/// The filters, order and keyset page of a SageMaker List call (NameContains, CreationTimeAfter/Before, SortBy
/// Name|CreationTime, SortOrder, MaxResults, NextToken). Rows are ordered by the sort column then id, and the
/// NextToken holds the last row's (sort value, id), so rows created or deleted meanwhile never shift a page.
/// </summary>
internal sealed class ListQuery
{
    /// <summary>SageMaker's List calls return 10 results when MaxResults is not given.</summary>
    private const int DefaultMaxResults = 10;

    private readonly List<string> _conditions = [];
    private readonly Dictionary<string, object?> _arguments = [];
    private readonly bool _byName;
    private readonly bool _descending;

    private ListQuery(bool byName, bool descending, int maxResults)
    {
        _byName = byName;
        _descending = descending;
        MaxResults = maxResults;
    }

    public int MaxResults { get; }

    public static ListQuery From(JsonObject input, RegistryErrors errors)
    {
        var query = new ListQuery(
            input.Optional("SortBy") == "Name",
            input.Optional("SortOrder") == "Descending",
            (int)(input.OptionalInt64("MaxResults") ?? DefaultMaxResults));
        if (input.Optional("NameContains") is { } contains)
        {
            // The model admits only [a-zA-Z0-9-] here, so the text holds no LIKE wildcard to escape.
            query.Add("lower(name) LIKE @nameContains", "nameContains", "%" + contains.ToLowerInvariant() + "%");
        }
        if (input.OptionalTimestamp("CreationTimeAfter") is { } after)
        {
            query.Add("created_at > @createdAfter", "createdAfter", after);
        }
        if (input.OptionalTimestamp("CreationTimeBefore") is { } before)
        {
            query.Add("created_at < @createdBefore", "createdBefore", before);
        }
        if (input.Optional("NextToken") is { } token)
        {
            query.After(token, errors);
        }
        return query;
    }

    public void Add(string condition, string argument, object? value)
    {
        Add(condition);
        _arguments[argument] = value;
    }

    public void Add(string condition) => _conditions.Add(condition);

    public string Where => string.Concat(_conditions.Select(c => " AND " + c));

    /// <summary>The order and one row more than a page (to tell whether another page follows).</summary>
    public string OrderBy => $"{Order} LIMIT {MaxResults + 1}";

    public string Order
    {
        get
        {
            var direction = _descending ? "DESC" : "ASC";
            return $"ORDER BY {SortColumn} {direction}, id {direction}";
        }
    }

    public IReadOnlyDictionary<string, object?> Arguments(Dictionary<string, object?> scope)
    {
        foreach (var (name, value) in _arguments)
        {
            scope[name] = value;
        }
        return scope;
    }

    /// <summary>The page to return and the token of the next one (null on the last page).</summary>
    public (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> rows, Func<T, string> name, Func<T, DateTimeOffset> createdAt, Func<T, long> id)
    {
        if (rows.Count <= MaxResults)
        {
            return (rows, null);
        }
        var last = rows[MaxResults - 1];
        var value = _byName ? name(last) : createdAt(last).ToString("O", CultureInfo.InvariantCulture);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id(last)}\n{value}"));
        return (rows.Take(MaxResults).ToArray(), token);
    }

    private string SortColumn => _byName ? "name" : "created_at";

    private void After(string token, RegistryErrors errors)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n', 2);
        }
        catch (FormatException)
        {
            throw errors.InvalidNextToken();
        }
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id))
        {
            throw errors.InvalidNextToken();
        }
        object value = parts[1];
        if (!_byName)
        {
            value = DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
                ? time
                : throw errors.InvalidNextToken();
        }
        var compare = _descending ? "<" : ">";
        Add($"({SortColumn} {compare} @afterValue OR ({SortColumn} = @afterValue AND id {compare} @afterId))", "afterValue", value);
        _arguments["afterId"] = id;
    }
}
