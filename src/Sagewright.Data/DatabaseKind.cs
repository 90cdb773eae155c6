namespace Sagewright.Data;

public enum DatabaseKind
{
    Sqlite = 0,
    PostgreSql = 1,
}
