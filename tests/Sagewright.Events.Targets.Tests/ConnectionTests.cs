using System.Text;
using System.Text.Json.Nodes;
using Sagewright.Data;

namespace Sagewright.Events.Targets.Tests;

public class ConnectionTests : TargetsTestBase
{
    [Fact]
    public async Task CreateConnection_Basic_IsAuthorized_AndDescribeHidesThePassword()
    {
        var arn = await CreateBasicConnectionAsync("jenkins", invocationParameters: new JsonObject
        {
            ["QueryStringParameters"] = new JsonArray(
                new JsonObject { ["Key"] = "token", ["Value"] = "build-token", ["IsValueSecret"] = true },
                new JsonObject { ["Key"] = "cause", ["Value"] = "model approved", ["IsValueSecret"] = false }),
        });

        Assert.Matches($"^arn:aws:events:us-east-1:{AccountId}:connection/jenkins/[0-9a-f-]{{36}}$", arn);
        var described = await EventsAsync("DescribeConnection", new JsonObject { ["Name"] = "jenkins" });
        Assert.Equal("AUTHORIZED", Text(described["ConnectionState"]));
        Assert.Equal("BASIC", Text(described["AuthorizationType"]));
        Assert.Equal(arn, Text(described["ConnectionArn"]));
        var auth = described["AuthParameters"]!;
        Assert.Equal("""{"Username":"jenkins"}""", auth["BasicAuthParameters"]!.ToJsonString());
        var query = auth["InvocationHttpParameters"]!["QueryStringParameters"]!.AsArray();
        Assert.Null(query[0]!["Value"]);
        Assert.Equal("model approved", Text(query[1]!["Value"]));
        Assert.DoesNotContain("s3cret-token", described.ToJsonString());
        Assert.DoesNotContain("build-token", described.ToJsonString());
    }

    [Fact]
    public async Task CreateConnection_StoresSecretsEncrypted()
    {
        await CreateBasicConnectionAsync("sealed", password: "plain-password-to-find");

        var stored = await Host.Database.ReadAsync(db => db.QueryAsync(
            "SELECT public_auth, sealed_secret FROM events_connections WHERE account_id = @AccountId AND name = 'sealed'",
            row => (row.GetString("public_auth"), row.GetBytes("sealed_secret")), new { AccountId }), CancellationToken.None);

        var (publicAuth, sealedSecret) = Assert.Single(stored);
        Assert.DoesNotContain("plain-password-to-find", publicAuth);
        Assert.DoesNotContain("plain-password-to-find", Encoding.UTF8.GetString(sealedSecret));
        Assert.DoesNotContain("plain-password-to-find", Convert.ToBase64String(sealedSecret));
        Assert.True(File.Exists(Host.Options.SecretsKeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Host.Options.SecretsKeyFile!));
        }
    }

    [Fact]
    public async Task CreateConnection_WhenNameTaken_ThrowsResourceAlreadyExists()
    {
        await CreateBasicConnectionAsync("taken");

        var error = await Assert.ThrowsAsync<Core.AwsServiceException>(() => CreateBasicConnectionAsync("taken"));

        Assert.Equal("ResourceAlreadyExistsException", error.Code);
        Assert.Equal("Connection taken already exists.", error.Message);
    }

    [Fact]
    public async Task DescribeConnection_WhenMissing_ThrowsResourceNotFound()
    {
        var error = await FailsAsync("DescribeConnection", new JsonObject { ["Name"] = "missing" });

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Failed to describe the connection(s). Connection 'missing' does not exist.", error.Message);
    }

    [Fact]
    public async Task CreateConnection_WithoutTheTypesParameters_ThrowsValidation()
    {
        var error = await FailsAsync("CreateConnection", new JsonObject
        {
            ["Name"] = "wrong",
            ["AuthorizationType"] = "BASIC",
            ["AuthParameters"] = new JsonObject { ["ApiKeyAuthParameters"] = new JsonObject { ["ApiKeyName"] = "x-api-key", ["ApiKeyValue"] = "k" } },
        });

        Assert.Equal("ValidationException", error.Code);
        await FailsAsync("DescribeConnection", new JsonObject { ["Name"] = "wrong" });
    }

    [Fact]
    public async Task CreateConnection_OAuth_AnswersNotImplemented()
    {
        var error = await FailsAsync("CreateConnection", new JsonObject
        {
            ["Name"] = "oauth",
            ["AuthorizationType"] = "OAUTH_CLIENT_CREDENTIALS",
            ["AuthParameters"] = new JsonObject
            {
                ["OAuthParameters"] = new JsonObject
                {
                    ["ClientParameters"] = new JsonObject { ["ClientID"] = "id", ["ClientSecret"] = "secret" },
                    ["AuthorizationEndpoint"] = "https://auth.example.com/token",
                    ["HttpMethod"] = "POST",
                },
            },
        });

        Assert.Equal("NotImplemented", error.Code);
        Assert.Equal(501, error.StatusCode);
    }

    [Fact]
    public async Task UpdateConnection_NewPassword_KeepsTheUsername()
    {
        await CreateBasicConnectionAsync("rotate", user: "builder", password: "old");

        var updated = await EventsAsync("UpdateConnection", new JsonObject
        {
            ["Name"] = "rotate",
            ["Description"] = "rotated",
            ["AuthParameters"] = new JsonObject { ["BasicAuthParameters"] = new JsonObject { ["Password"] = "new" } },
        });

        Assert.Equal("AUTHORIZED", Text(updated["ConnectionState"]));
        var described = await EventsAsync("DescribeConnection", new JsonObject { ["Name"] = "rotate" });
        Assert.Equal("builder", Text(described["AuthParameters"]!["BasicAuthParameters"]!["Username"]));
        Assert.Equal("rotated", Text(described["Description"]));
    }

    [Fact]
    public async Task DeauthorizeConnection_ForgetsSecrets_AndUpdateReauthorizes()
    {
        var arn = await CreateBasicConnectionAsync("deauth");
        await CreateDestinationAsync("uses-deauth", arn, "https://example.com/hook");

        var answer = await EventsAsync("DeauthorizeConnection", new JsonObject { ["Name"] = "deauth" });

        Assert.Equal("DEAUTHORIZING", Text(answer["ConnectionState"]));
        Assert.Equal("DEAUTHORIZED", Text((await EventsAsync("DescribeConnection", new JsonObject { ["Name"] = "deauth" }))["ConnectionState"]));
        Assert.Equal("INACTIVE", Text((await EventsAsync("DescribeApiDestination", new JsonObject { ["Name"] = "uses-deauth" }))["ApiDestinationState"]));
        // Without its password the connection cannot be re-authorized from the username alone.
        var error = await FailsAsync("UpdateConnection", new JsonObject { ["Name"] = "deauth", ["AuthParameters"] = new JsonObject() });
        Assert.Equal("ValidationException", error.Code);

        await EventsAsync("UpdateConnection", new JsonObject
        {
            ["Name"] = "deauth",
            ["AuthParameters"] = new JsonObject { ["BasicAuthParameters"] = new JsonObject { ["Password"] = "again" } },
        });
        Assert.Equal("ACTIVE", Text((await EventsAsync("DescribeApiDestination", new JsonObject { ["Name"] = "uses-deauth" }))["ApiDestinationState"]));
    }

    [Fact]
    public async Task DeleteConnection_AnswersDeleting_AndRemovesIt()
    {
        var arn = await CreateBasicConnectionAsync("gone");

        var answer = await EventsAsync("DeleteConnection", new JsonObject { ["Name"] = "gone" });

        Assert.Equal("DELETING", Text(answer["ConnectionState"]));
        Assert.Equal(arn, Text(answer["ConnectionArn"]));
        await FailsAsync("DescribeConnection", new JsonObject { ["Name"] = "gone" });
        Assert.Equal("ResourceNotFoundException", (await FailsAsync("DeleteConnection", new JsonObject { ["Name"] = "gone" })).Code);
    }

    [Fact]
    public async Task ListConnections_FiltersByPrefixAndState_AndPages()
    {
        foreach (var name in new[] { "app_a", "app_b", "app_c", "other" })
        {
            await CreateBasicConnectionAsync(name);
        }
        await EventsAsync("DeauthorizeConnection", new JsonObject { ["Name"] = "app_c" });

        var first = await EventsAsync("ListConnections", new JsonObject { ["NamePrefix"] = "app_", ["Limit"] = 2 });
        var second = await EventsAsync("ListConnections", new JsonObject { ["NamePrefix"] = "app_", ["Limit"] = 2, ["NextToken"] = first["NextToken"]!.DeepClone() });
        var deauthorized = await EventsAsync("ListConnections", new JsonObject { ["ConnectionState"] = "DEAUTHORIZED" });

        Assert.Equal(["app_a", "app_b"], first["Connections"]!.AsArray().Select(c => Text(c!["Name"])));
        Assert.Equal(["app_c"], second["Connections"]!.AsArray().Select(c => Text(c!["Name"])));
        Assert.Null(second["NextToken"]);
        Assert.Equal(["app_c"], deauthorized["Connections"]!.AsArray().Select(c => Text(c!["Name"])));
        Assert.Equal("BASIC", Text(first["Connections"]![0]!["AuthorizationType"]));
    }

    [Fact]
    public async Task Connections_AreIsolatedPerAccount()
    {
        await CreateBasicConnectionAsync("mine");
        var other = Core.CallerIdentity.Root(await Host.NewAccountAsync());

        Assert.Empty((await EventsAsync("ListConnections", caller: other))["Connections"]!.AsArray());
        await FailsAsync("DescribeConnection", new JsonObject { ["Name"] = "mine" }, other);
    }
}
