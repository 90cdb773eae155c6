using Sagewright.Data;

namespace Sagewright.TestSupport;

/// <summary>
/// The database a test runs on: SQLite in a temp directory, or PostgreSQL when SAGEWRIGHT_TEST_BACKENDS names
/// postgres and SAGEWRIGHT_TEST_POSTGRES gives its connection string.
/// </summary>
public static class TestBackends
{
    public static bool OnPostgres =>
        (Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_BACKENDS") ?? "").Contains("postgres", StringComparison.OrdinalIgnoreCase);

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("SAGEWRIGHT_TEST_POSTGRES") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("SAGEWRIGHT_TEST_BACKENDS names postgres but SAGEWRIGHT_TEST_POSTGRES is not set.");

    /// <summary>A fresh temp directory path (not created) named after <paramref name="prefix"/>.</summary>
    public static string NewDirectory(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Options for the test's backend. Tests stay apart on a shared PostgreSQL database because every row starts
    /// with a fresh account id.
    /// </summary>
    public static DatabaseOptions Options(string directory)
    {
        var options = new DatabaseOptions { DataDirectory = directory };
        if (OnPostgres)
        {
            options.PostgresConnectionString = PostgresConnectionString;
        }
        return options;
    }

    public static Task<IDatabase> OpenAsync(string directory) => DatabaseFactory.OpenAsync(Options(directory), CancellationToken.None);

    public static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
