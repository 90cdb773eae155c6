using System.Globalization;
using System.Text.RegularExpressions;

namespace Sagewright.Data;

/// <summary>What differs between the backends: type names, parameter values and error codes.</summary>
internal abstract partial class SqlDialect
{
    public abstract DatabaseKind Kind { get; }

    /// <summary>Rewrites the portable migration subset (README.md) into this backend's DDL.</summary>
    public string RewriteMigration(string sql) => PortableTokens().Replace(sql, match =>
    {
        var token = match.Value;
        if (token[0] is '\'' or '"' or '-')
        {
            return token;
        }
        if (token == "{autoincrement}")
        {
            return AutoIncrementColumn;
        }
        if (!string.Equals(token, token.ToUpperInvariant(), StringComparison.Ordinal))
        {
            // Lower-case "integer" would stay a 32-bit int4 on PostgreSQL while SQLite stores 64 bits.
            throw new ArgumentException(
                $"Migration type names must be upper case (found '{token}'); see Sagewright.Data README.md.");
        }
        return RewriteType(token);
    });

    public object ToProviderValue(object? value) => value switch
    {
        null or DBNull => DBNull.Value,
        string or long or int or short or byte or double or float or byte[] => value,
        bool flag => BooleanValue(flag),
        DateTimeOffset timestamp => SqlValues.FormatTimestamp(timestamp),
        Guid guid => guid.ToString("D"),
        Enum member => Convert.ToInt64(member, CultureInfo.InvariantCulture),
        DateTime => throw new ArgumentException("DateTime is ambiguous about its zone; pass a DateTimeOffset."),
        _ => throw new ArgumentException($"Unsupported SQL parameter type {value.GetType().Name}."),
    };

    /// <summary>The typed exception for a unique-constraint failure, or null when it is some other error.</summary>
    public abstract UniqueConstraintViolationException? AsUniqueViolation(Exception exception);

    /// <summary>True for write conflicts that a fresh run of the whole transaction can succeed after.</summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (IsConflict(current))
            {
                return true;
            }
        }
        return false;
    }

    protected abstract string AutoIncrementColumn { get; }

    protected abstract string RewriteType(string typeName);

    protected abstract object BooleanValue(bool value);

    protected abstract bool IsConflict(Exception exception);

    // Literals, quoted identifiers and comments are matched first so their contents are left alone.
    [GeneratedRegex("""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\{autoincrement\}|\b(?:INTEGER|BLOB|REAL|TEXT|BOOLEAN)\b""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PortableTokens();
}
