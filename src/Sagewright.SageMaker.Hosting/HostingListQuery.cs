using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Protocol.Inputs;

namespace Sagewright.SageMaker.Hosting;

/// <summary>
/// ListModels/ListEndpointConfigs input as SQL: NameContains, CreationTimeAfter/Before, SortBy Name|CreationTime
/// (default CreationTime), SortOrder (default Descending, as SageMaker lists these), MaxResults (default 10) and a
/// keyset NextToken holding the last row's (sort value, id), so rows created or deleted meanwhile never shift a page.
/// </summary>
internal sealed class HostingListQuery
{
    private readonly List<string> _where = [];
    private readonly Dictionary<string, object?> _arguments = [];
    private readonly bool _byName;
    private readonly string _direction;
    private readonly int _maxResults;

    public HostingListQuery(JsonObject input, HostingErrors errors)
    {
        _byName = input.Optional("SortBy") == "Name";
        _direction = input.Optional("SortOrder") == "Ascending" ? "ASC" : "DESC";
        _maxResults = (int)(input.OptionalInt64("MaxResults") ?? 10);
        if (input.Optional("NameContains") is { } contains)
        {
            // The model admits only [a-zA-Z0-9-] here: no LIKE wildcard to escape.
            Filter("name_key LIKE @nameContains", "nameContains", $"%{contains.ToLowerInvariant()}%");
        }
        if (input.OptionalTimestamp("CreationTimeAfter") is { } after)
        {
            Filter("created_at > @createdAfter", "createdAfter", after);
        }
        if (input.OptionalTimestamp("CreationTimeBefore") is { } before)
        {
            Filter("created_at < @createdBefore", "createdBefore", before);
        }
        if (input.Optional("NextToken") is { } token)
        {
            var (id, value) = DecodeToken(token, errors);
            var compare = _direction == "ASC" ? ">" : "<";
            Filter($"({SortColumn} {compare} @afterValue OR ({SortColumn} = @afterValue AND id {compare} @afterId))", "afterValue", value);
            _arguments["afterId"] = id;
        }
    }

    private string SortColumn => _byName ? "name" : "created_at";

    public string Where => string.Concat(_where.Select(c => " AND " + c));

    /// <summary>One row more than a page, to tell whether another page follows.</summary>
    public string OrderBy => $"ORDER BY {SortColumn} {_direction}, id {_direction} LIMIT {_maxResults + 1}";

    public IReadOnlyDictionary<string, object?> Arguments(Dictionary<string, object?> scope)
    {
        foreach (var (name, value) in _arguments)
        {
            scope[name] = value;
        }
        return scope;
    }

    /// <summary>The page to return and the next page's token (null on the last page).</summary>
    public (IReadOnlyList<HostingRecord> Page, string? NextToken) Cut(IReadOnlyList<HostingRecord> rows)
    {
        if (rows.Count <= _maxResults)
        {
            return (rows, null);
        }
        var last = rows[_maxResults - 1];
        var value = _byName ? last.Name : last.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        return (rows.Take(_maxResults).ToArray(), Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.Id}\n{value}")));
    }

    private void Filter(string condition, string argument, object? value)
    {
        _where.Add(condition);
        _arguments[argument] = value;
    }

    private (long Id, object Value) DecodeToken(string token, HostingErrors errors)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n', 2);
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id))
            {
                if (_byName)
                {
                    return (id, parts[1]);
                }
                if (DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
                {
                    return (id, time);
                }
            }
        }
        catch (FormatException)
        {
        }
        throw errors.InvalidNextToken();
    }
}
