using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Sagewright.Data;

internal sealed partial class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    // AUTOINCREMENT: ids are never reused after a delete, as with a PostgreSQL identity.
    protected override string AutoIncrementColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string RewriteType(string typeName) => typeName;

    protected override object BooleanValue(bool value) => value ? 1L : 0L;

    protected override bool IsConflict(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override UniqueConstraintViolationException? AsUniqueViolation(Exception exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        } sqlite
            ? new UniqueConstraintViolationException(sqlite.Message, TableOf(sqlite.Message), sqlite)
            : null;

    // SQLite names the columns, not the constraint: "UNIQUE constraint failed: users.account_id, users.name".
    private static string? TableOf(string message) =>
        FailedColumn().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"constraint failed: ([^.\s']+)\.")]
    private static partial Regex FailedColumn();
}
