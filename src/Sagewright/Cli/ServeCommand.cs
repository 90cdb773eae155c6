using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using Sagewright.Events.Targets;
using Sagewright.Hosting;

namespace Sagewright.Cli;

public static class ServeCommand
{
    public static readonly Option<string> Host = new("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
    public static readonly Option<int> Port = new("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => ServeOptions.DefaultPort };
    public static readonly Option<string[]> Listeners = new("--listener")
    {
        Description = "A named listener PORT=ID: requests through it carry aws:SourceVpce=ID (e.g. 4567=vpce-0a1b2c3d). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };
    public static readonly Option<double> IamCacheSeconds = new("--iam-cache-seconds")
    {
        Description = "How long credentials and identity policies stay cached: the longest an IAM change made by another process (admin CLI, another replica) takes to apply here (0: no cache).",
        DefaultValueFactory = _ => new ServeOptions().IamCacheTtl.TotalSeconds,
    };
    public static readonly Option<string[]> EventCommands = new("--event-command")
    {
        Description = "A program event rules may run, as target arn:aws:lambda:REGION:ACCOUNT:function:NAME: NAME=PROGRAM [ARGS...] " +
            "(quote the whole value; e.g. \"deploy=/usr/bin/python3 /opt/sagewright/tools/lambda-runner.py /srv/deploy.py lambda_handler\"; commands run in /tmp, so give absolute paths). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };
    public static readonly Option<double> EventCommandTimeoutSeconds = new("--event-command-timeout")
    {
        Description = "Seconds an event command may run before its process tree is killed.",
        DefaultValueFactory = _ => new EventTargetsOptions().CommandTimeout.TotalSeconds,
    };
    public static readonly Option<string> LogFormat = new("--log-format") { Description = "json or text.", DefaultValueFactory = _ => "json" };

    public static async Task<int> RunAsync(ParseResult parse, Option<string> dataDir, Option<string?> postgres, CancellationToken cancellationToken)
    {
        var options = new ServeOptions
        {
            DataDirectory = parse.GetValue(dataDir)!,
            Host = parse.GetValue(Host)!,
            Port = parse.GetValue(Port),
            PostgresConnectionString = parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable("SAGEWRIGHT_POSTGRES"),
            LogFormat = parse.GetValue(LogFormat)!,
            SseS3KeyFile = S3BackendArguments.SseS3KeyFile(parse),
            IamCacheTtl = TimeSpan.FromSeconds(parse.GetValue(IamCacheSeconds)),
            EventCommandTimeout = TimeSpan.FromSeconds(parse.GetValue(EventCommandTimeoutSeconds)),
        };
        (options.S3Backend, var backendError) = S3BackendArguments.Read(parse);
        if (backendError is not null)
        {
            Console.Error.WriteLine(backendError);
            return 2;
        }
        foreach (var listener in parse.GetValue(Listeners) ?? [])
        {
            var parts = listener.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || parts[1].Length == 0)
            {
                Console.Error.WriteLine($"--listener expects PORT=ID, got '{listener}'.");
                return 2;
            }
            options.NamedListeners[port] = parts[1];
        }

        foreach (var text in parse.GetValue(EventCommands) ?? [])
        {
            try
            {
                var (name, command) = EventCommand.Parse(text, CommandLineParser.SplitCommandLine);
                options.EventCommands[name] = command;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"--event-command: {e.Message}");
                return 2;
            }
        }

        await using var app = await SagewrightHost.BuildAsync(options, cancellationToken);
        await app.StartAsync(cancellationToken);
        var endpoint = app.Urls.First();
        var credentials = Path.GetFullPath(Path.Combine(options.DataDirectory, "credentials"));
        Console.Out.WriteLine($"""
            Sagewright is ready at {endpoint} (data in {Path.GetFullPath(options.DataDirectory)}).
            The admin account's root credentials are in {credentials}. Use them with:
              export AWS_SHARED_CREDENTIALS_FILE={credentials} AWS_DEFAULT_REGION=us-east-1
              aws --endpoint-url {endpoint} sts get-caller-identity
            """);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
