using System.CommandLine;
using System.Text.Json;
using Sagewright.Core;
using Sagewright.Data;
using Sagewright.Events;
using Sagewright.Iam;
using Sagewright.Protocol;

namespace Sagewright.Cli;

public static class AdminCommands
{
    /// <summary>
    /// Creates an account directly in the database (SQLite tolerates a second writer; PostgreSQL is shared),
    /// so it works whether or not a server is running on the data directory.
    /// </summary>
    public static async Task<int> CreateAccountAsync(ParseResult parse, Argument<string> name, Option<string> dataDir,
        Option<string?> postgres, CancellationToken cancellationToken)
    {
        await using var database = await OpenDatabaseAsync(parse, dataDir, postgres, cancellationToken);

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(database)
            .AddSagewrightProtocol()
            .AddIam();
        await using var provider = services.BuildServiceProvider();
        foreach (var task in provider.GetServices<IStartupTask>().OrderBy(t => t.Order))
        {
            await task.RunAsync(cancellationToken);
        }
        var accounts = provider.GetRequiredService<AccountAdministration>();
        var accountName = parse.GetValue(name)!;
        if (await accounts.FindAccountByNameAsync(accountName, cancellationToken) is not null)
        {
            await Console.Error.WriteLineAsync($"An account named '{accountName}' already exists.");
            return 1;
        }
        var created = await accounts.CreateAccountAsync(accountName, cancellationToken);
        Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["AccountId"] = created.AccountId,
            ["AccessKeyId"] = created.AccessKeyId,
            ["SecretAccessKey"] = created.SecretAccessKey,
        }));
        return 0;
    }
    /// <summary>
    /// Prints the events no target would take (final failures, or retries exhausted), oldest first, as JSON lines.
    /// Reads the database directly, so it works whether or not a server runs on the data directory.
    /// </summary>
    public static async Task<int> ListDeadLettersAsync(ParseResult parse, Option<string?> account, Option<int> limit, Option<string> dataDir,
        Option<string?> postgres, CancellationToken cancellationToken)
    {
        await using var database = await OpenDatabaseAsync(parse, dataDir, postgres, cancellationToken);
        var deadLetters = new EventDeadLetters(database);
        await deadLetters.MigrateAsync(cancellationToken);
        foreach (var letter in await deadLetters.ListAsync(parse.GetValue(account), parse.GetValue(limit), cancellationToken))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["Id"] = letter.Id,
                ["AccountId"] = letter.AccountId,
                ["Region"] = letter.Region,
                ["RuleArn"] = letter.RuleArn,
                ["TargetId"] = letter.TargetId,
                ["TargetArn"] = letter.TargetArn,
                ["EventId"] = letter.EventId,
                ["Reason"] = letter.Reason,
                ["Attempts"] = letter.Attempts,
                ["FailedAt"] = letter.FailedAt.ToString("O"),
                ["Event"] = JsonDocument.Parse(letter.Event).RootElement,
            }));
        }
        return 0;
    }

    /// <summary>The data directory's database (SQLite tolerates a second writer; PostgreSQL is shared).</summary>
    private static async Task<IDatabase> OpenDatabaseAsync(ParseResult parse, Option<string> dataDir, Option<string?> postgres,
        CancellationToken cancellationToken)
    {
        var dataDirectory = parse.GetValue(dataDir)!;
        Directory.CreateDirectory(dataDirectory);
        return await DatabaseFactory.OpenAsync(new DatabaseOptions
        {
            DataDirectory = dataDirectory,
            PostgresConnectionString = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("SAGEWRIGHT_POSTGRES"),
        }, cancellationToken);
    }
}
