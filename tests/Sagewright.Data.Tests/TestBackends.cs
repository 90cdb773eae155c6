namespace Sagewright.Data.Tests;

/// <summary>
/// Which backends the runner asked for: SAGEWRIGHT_TEST_BACKENDS (e.g. "sqlite,postgres"), sqlite alone
/// when unset. A requested backend whose server is missing fails; one not requested is skipped.
/// </summary>
internal static class TestBackends
{
    public const string Variable = "SAGEWRIGHT_TEST_BACKENDS";
    public const string PostgresVariable = "SAGEWRIGHT_TEST_POSTGRES";

    public static string? SkipReason(string backend)
    {
        var requested = Environment.GetEnvironmentVariable(Variable);
        var enabled = string.IsNullOrWhiteSpace(requested)
            ? backend == "sqlite"
            : requested.Contains(backend, StringComparison.OrdinalIgnoreCase);
        return enabled ? null : $"{Variable}='{requested}' does not include {backend}.";
    }

    public static string PostgresConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} includes postgres but {PostgresVariable} is not set. Start a server with " +
                $"scripts/start-test-postgres.sh and export its output as {PostgresVariable}.");
}
