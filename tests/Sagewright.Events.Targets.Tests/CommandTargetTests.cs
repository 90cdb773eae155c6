using System.Diagnostics;
using System.Text.Json.Nodes;
using Sagewright.Events.Targets.Commands;
using Sagewright.Protocol.Contracts;

namespace Sagewright.Events.Targets.Tests;

/// <summary>Command targets running real programs: /bin/sh scripts this test writes into a temp directory.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommandTargetTests : TargetsTestBase, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sagewright-command-target-").FullName;

    public CommandTargetTests()
    {
        // Commands run as nobody when the tests run as root: they must be able to read the scripts and write here.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_111_111);
        Script("record", """
            cat > "$OUT/stdin.json"
            env > "$OUT/env.txt"
            id -u > "$OUT/uid.txt"
            echo "handled"
            """);
        Script("fail", "echo 'something broke' >&2; exit 3");
        Script("hang", """
            sleep 30 &
            echo $! > "$OUT/child.pid"
            sleep 30
            """);
        Script("chatty", "head -c 200000 /dev/zero | tr '\\0' 'x'");
    }

    private string Payload => """{"detail":{"ModelApprovalStatus":"Approved"},"id":"e1"}""";

    protected override void Configure(EventTargetsOptions options)
    {
        foreach (var name in new[] { "record", "fail", "hang", "chatty" })
        {
            // OUT reaches the script as an argument: the program's environment is clean by design.
            options.Commands[name] = new EventCommand("/bin/sh", ["-c", $"OUT='{_dir}' . '{Path.Combine(_dir, name + ".sh")}'"]);
        }
        options.CommandTimeout = TimeSpan.FromSeconds(2);
    }

    private void Script(string name, string body)
    {
        var path = Path.Combine(_dir, name + ".sh");
        File.WriteAllText(path, body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private CommandTarget Target => Host.Target<CommandTarget>();

    private string FunctionArn(string name) => $"arn:aws:lambda:us-east-1:{AccountId}:function:{name}";

    private Task<TargetOutcome> DeliverAsync(string function, int attempt = 1, string? roleArn = null, bool retryPolicy = false)
    {
        var target = new JsonObject { ["Id"] = "t1", ["Arn"] = FunctionArn(function) };
        if (roleArn is not null)
        {
            target["RoleArn"] = roleArn;
        }
        if (retryPolicy)
        {
            target["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 5 };
        }
        return Target.DeliverAsync(new EventTargetInvocation(AccountId, "us-east-1", $"arn:aws:events:us-east-1:{AccountId}:rule/approved",
            target, JsonNode.Parse(Payload)!.AsObject(), Payload, attempt), CancellationToken.None).AsTask();
    }

    private Dictionary<string, string> RecordedEnvironment() => File.ReadAllLines(Path.Combine(_dir, "env.txt"))
        .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task Deliver_RunsTheProgram_WithThePayloadOnStdin_AndALambdaStyleCleanEnvironment()
    {
        Environment.SetEnvironmentVariable("SAGEWRIGHT_SERVER_ONLY_SECRET", "must-not-leak");
        Host.Platform.BaseAddress = new Uri("http://127.0.0.1:45678/");

        var outcome = await DeliverAsync("record");

        Assert.True(outcome.Delivered, outcome.Error);
        Assert.Equal(Payload, File.ReadAllText(Path.Combine(_dir, "stdin.json")));
        var env = RecordedEnvironment();
        Assert.Equal("us-east-1", env["AWS_REGION"]);
        Assert.Equal("us-east-1", env["AWS_DEFAULT_REGION"]);
        Assert.Equal("http://127.0.0.1:45678", env["AWS_ENDPOINT_URL"]);
        Assert.Equal("http://127.0.0.1:45678", env["SAGEWRIGHT_ENDPOINT_URL"]);
        Assert.Equal("record", env["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal(FunctionArn("record"), env["SAGEWRIGHT_FUNCTION_ARN"]);
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", env.Keys);
        Assert.DoesNotContain("SAGEWRIGHT_SERVER_ONLY_SECRET", env.Keys);
        if (Environment.UserName == "root")
        {
            Assert.Equal("65534", File.ReadAllText(Path.Combine(_dir, "uid.txt")).Trim());
        }
    }

    [Fact]
    public async Task Deliver_WithATrustingRole_GivesTheProgramWorkingCredentialsOfThatRole()
    {
        var roleArn = await CreateRoleAsync("event-runner", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sts:AssumeRole",
              "Condition":{"StringEquals":{"aws:SourceAccount":"ACCOUNT"}}}]}
            """.Replace("ACCOUNT", AccountId));

        var outcome = await DeliverAsync("record", roleArn: roleArn);

        Assert.True(outcome.Delivered, outcome.Error);
        var env = RecordedEnvironment();
        Assert.StartsWith("ASIA", env["AWS_ACCESS_KEY_ID"]);
        var credential = await Host.FindCredentialAsync(env["AWS_ACCESS_KEY_ID"]);
        Assert.NotNull(credential);
        Assert.Equal(env["AWS_SECRET_ACCESS_KEY"], credential.SecretAccessKey);
        Assert.Equal(env["AWS_SESSION_TOKEN"], credential.SessionToken);
        Assert.StartsWith($"arn:aws:sts::{AccountId}:assumed-role/event-runner/", credential.Caller.Arn);
    }

    [Fact]
    public async Task Deliver_WithARoleThatDoesNotTrustEvents_FailsWithoutRunning()
    {
        var roleArn = await CreateRoleAsync("not-for-events", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}
            """);

        var outcome = await DeliverAsync("record", roleArn: roleArn);

        Assert.False(outcome.Delivered);
        Assert.False(outcome.Retryable);
        Assert.Contains("events.amazonaws.com is not authorized to perform: sts:AssumeRole", outcome.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "stdin.json")));
    }

    [Fact]
    public async Task Deliver_WhenTheProgramFails_RetriesTwiceLikeLambdaAsyncInvokes()
    {
        var first = await DeliverAsync("fail", attempt: 1);
        var third = await DeliverAsync("fail", attempt: 3);
        var withPolicy = await DeliverAsync("fail", attempt: 3, retryPolicy: true);

        Assert.True(first.Retryable);
        Assert.Contains("exited with code 3", first.Error);
        Assert.False(third.Retryable);
        Assert.Contains("Gave up after 3 attempts", third.Error);
        Assert.True(withPolicy.Retryable);
    }

    [Fact]
    public async Task Deliver_WhenTheProgramOverrunsItsTimeout_KillsItsProcessTree()
    {
        var clock = Stopwatch.StartNew();

        var outcome = await DeliverAsync("hang");

        Assert.True(outcome.Retryable);
        Assert.Contains("timed out after 2 seconds", outcome.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var child = File.ReadAllText(Path.Combine(_dir, "child.pid")).Trim();
        await Task.Delay(200);
        Assert.False(Directory.Exists($"/proc/{child}") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z "),
            $"the background child {child} survived");
    }

    [Fact]
    public async Task Run_KeepsOnlyTheFirst64KOfOutput_WithoutBlockingTheProgram()
    {
        var runner = new CommandRunner(Host.Options);

        var result = await runner.RunAsync(Host.Options.Commands["chatty"], new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, "",
            TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(CommandRunner.OutputLimit, result.Stdout.Length);
    }

    [Fact]
    public async Task Check_KnowsConfiguredFunctionsOnly()
    {
        var rule = $"arn:aws:events:us-east-1:{AccountId}:rule/r";
        JsonObject Definition(string arn) => new() { ["Id"] = "t", ["Arn"] = arn };

        var known = await Target.CheckAsync(new EventTargetDefinition(AccountId, "us-east-1", rule, Definition(FunctionArn("record") + ":live")), CancellationToken.None);
        var unknown = await Target.CheckAsync(new EventTargetDefinition(AccountId, "us-east-1", rule, Definition(FunctionArn("nope"))), CancellationToken.None);

        Assert.True(known.IsValid);
        Assert.Equal("ResourceNotFoundException", unknown.ErrorCode);
        Assert.Equal($"Function not found: {FunctionArn("nope")}", unknown.ErrorMessage);
        Assert.True(Target.Accepts(FunctionArn("record")));
        Assert.False(Target.Accepts($"arn:aws:events:us-east-1:{AccountId}:api-destination/d/x"));
    }

    [Theory]
    [InlineData("deploy=python3 tools/lambda-runner.py handler.py lambda_handler", "deploy", "python3", 3)]
    [InlineData("x=/bin/true", "x", "/bin/true", 0)]
    public void EventCommand_Parse_SplitsNameProgramAndArguments(string text, string name, string program, int arguments)
    {
        var (parsedName, command) = EventCommand.Parse(text, s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(name, parsedName);
        Assert.Equal(program, command.Program);
        Assert.Equal(arguments, command.Arguments.Count);
    }

    [Theory]
    [InlineData("no-program=")]
    [InlineData("=python3")]
    [InlineData("bad name=python3")]
    public void EventCommand_Parse_RejectsMalformedText(string text) =>
        Assert.Throws<FormatException>(() => EventCommand.Parse(text, s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    private async Task<string> CreateRoleAsync(string name, string trustPolicy)
    {
        var output = await Host.CallAsync(Root, "iam", "CreateRole", new JsonObject { ["RoleName"] = name, ["AssumeRolePolicyDocument"] = trustPolicy });
        return Text(output["Role"]!["Arn"]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
