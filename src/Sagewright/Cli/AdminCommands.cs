using System.CommandLine;
using System.Text.Json;
using Sagewright.Core;
using Sagewright.Data;
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
        var dataDirectory = parse.GetValue(dataDir)!;
        Directory.CreateDirectory(dataDirectory);
        await using var database = await DatabaseFactory.OpenAsync(new DatabaseOptions
        {
            DataDirectory = dataDirectory,
            PostgresConnectionString = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("SAGEWRIGHT_POSTGRES"),
        }, cancellationToken);

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
}
