using System.CommandLine;
using Sagewright.Cli;

// sagewright: the AWS-compatible ML platform. Commands: serve, admin create-account.
var dataDir = new Option<string>("--data-dir") { Description = "Directory for the database, objects and credentials.", DefaultValueFactory = _ => "data" };
var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: SQLite in the data directory). Also SAGEWRIGHT_POSTGRES." };

var serve = new Command("serve", "Start the server.")
{
    dataDir,
    postgres,
    ServeCommand.Host,
    ServeCommand.Port,
    ServeCommand.Listeners,
    ServeCommand.LogFormat,
    ServeCommand.IamCacheSeconds,
    ServeCommand.EventCommands,
    ServeCommand.EventCommandTimeoutSeconds,
};
foreach (var option in S3BackendArguments.All)
{
    serve.Options.Add(option);
}
serve.SetAction((parse, ct) => ServeCommand.RunAsync(parse, dataDir, postgres, ct));

var accountName = new Argument<string>("name") { Description = "A unique name for the account." };
var createAccount = new Command("create-account", "Create an account and print its root credentials as JSON.") { accountName, dataDir, postgres };
createAccount.SetAction((parse, ct) => AdminCommands.CreateAccountAsync(parse, accountName, dataDir, postgres, ct));
var deadLetterAccount = new Option<string?>("--account") { Description = "Only dead letters of rules of this account." };
var deadLetterLimit = new Option<int>("--limit") { Description = "At most this many, oldest first.", DefaultValueFactory = _ => 1000 };
var listDeadLetters = new Command("list-dead-letters", "Print events that could not be delivered to a rule target, as JSON lines.")
{
    deadLetterAccount, deadLetterLimit, dataDir, postgres,
};
listDeadLetters.SetAction((parse, ct) => AdminCommands.ListDeadLettersAsync(parse, deadLetterAccount, deadLetterLimit, dataDir, postgres, ct));
var admin = new Command("admin", "Administer accounts (works while the server runs on the same data directory).") { createAccount, listDeadLetters };

var root = new RootCommand("Sagewright: a self-hosted machine-learning platform that speaks the Amazon SageMaker API.") { serve, admin };
return await root.Parse(args).InvokeAsync();
