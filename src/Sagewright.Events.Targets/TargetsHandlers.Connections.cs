using System.Text.Json.Nodes;
using Sagewright.Data;
using Sagewright.Events.Targets.Connections;
using Sagewright.Protocol.Inputs;
using Sagewright.Protocol.Pipeline;

namespace Sagewright.Events.Targets;

internal sealed partial class TargetsHandlers
{
    private const string Authorized = "AUTHORIZED";

    public async ValueTask<OperationResult> CreateConnection(OperationCall call)
    {
        RejectUnsupportedConnectionMembers(call, "CreateConnection");
        var name = call.Input.Required("Name");
        var auth = ConnectionAuth.Create(call.Input.Required("AuthorizationType"), (JsonObject)call.Input["AuthParameters"]!, errors);
        var now = time.GetUtcNow();
        var arn = TargetsArns.New(TargetsArns.Connection, call.AccountId, call.Region, name);
        var connection = new ConnectionRecord(0, call.AccountId, call.Region, name, arn, call.Input.Optional("Description"),
            auth.AuthorizationType, Authorized, auth.Public().ToJsonString(), secrets.Seal(auth.Parameters.ToJsonString(), arn), now, now, now);
        var created = await WriteAsync(call, db => TargetsStore.InsertConnectionAsync(db, connection));
        return created ? ConnectionChange(connection) : throw errors.ConnectionExists(name);
    }

    public async ValueTask<OperationResult> DescribeConnection(OperationCall call)
    {
        var connection = await ReadAsync(call, db => FindConnectionAsync(db, call));
        var output = new JsonObject
        {
            ["ConnectionArn"] = connection.Arn,
            ["Name"] = connection.Name,
            ["ConnectionState"] = connection.State,
            ["AuthorizationType"] = connection.AuthorizationType,
            ["AuthParameters"] = JsonNode.Parse(connection.PublicAuth),
            ["CreationTime"] = Time(connection.CreatedAt),
            ["LastModifiedTime"] = Time(connection.ModifiedAt),
        };
        SetIfPresent(output, "Description", connection.Description);
        if (connection.AuthorizedAt is { } authorizedAt)
        {
            output["LastAuthorizedTime"] = Time(authorizedAt);
        }
        return output;
    }

    public async ValueTask<OperationResult> ListConnections(OperationCall call)
    {
        var limit = Limit(call);
        var after = After(call);
        var rows = await ReadAsync(call, db => TargetsStore.ListConnectionsAsync(db, call.AccountId, call.Region,
            call.Input.Optional("NamePrefix"), call.Input.Optional("ConnectionState"), after, limit));
        return Page("Connections", rows, limit, c => c.Name, c =>
        {
            var summary = ConnectionChange(c);
            summary["Name"] = c.Name;
            summary["AuthorizationType"] = c.AuthorizationType;
            return summary;
        });
    }

    public async ValueTask<OperationResult> UpdateConnection(OperationCall call)
    {
        RejectUnsupportedConnectionMembers(call, "UpdateConnection");
        var now = time.GetUtcNow();
        var updated = await WriteAsync(call, async db =>
        {
            var connection = await FindConnectionAsync(db, call);
            var current = connection.SealedSecret is { } sealedSecret
                ? new ConnectionAuth(connection.AuthorizationType, JsonNode.Parse(secrets.Open(sealedSecret, connection.Arn))!.AsObject())
                : ConnectionAuth.WithoutSecrets(connection.AuthorizationType, JsonNode.Parse(connection.PublicAuth)!.AsObject());
            var auth = ConnectionAuth.Update(current, call.Input.Optional("AuthorizationType"), call.Input["AuthParameters"] as JsonObject, errors);
            var changed = connection with
            {
                Description = call.Input.Optional("Description") ?? connection.Description,
                AuthorizationType = auth.AuthorizationType,
                State = Authorized,
                PublicAuth = auth.Public().ToJsonString(),
                SealedSecret = secrets.Seal(auth.Parameters.ToJsonString(), connection.Arn),
                ModifiedAt = now,
                AuthorizedAt = now,
            };
            await TargetsStore.UpdateConnectionAsync(db, changed);
            return changed;
        });
        return ConnectionChange(updated);
    }

    /// <summary>Forgets the connection's secrets; it stays, DEAUTHORIZED, until UpdateConnection gives new ones.</summary>
    public async ValueTask<OperationResult> DeauthorizeConnection(OperationCall call)
    {
        var now = time.GetUtcNow();
        var deauthorized = await WriteAsync(call, async db =>
        {
            var connection = await FindConnectionAsync(db, call);
            var changed = connection with { State = "DEAUTHORIZED", SealedSecret = null, ModifiedAt = now };
            await TargetsStore.UpdateConnectionAsync(db, changed);
            return changed;
        });
        // AWS answers while deauthorizing; here it is already done.
        return ConnectionChange(deauthorized with { State = "DEAUTHORIZING" });
    }

    public async ValueTask<OperationResult> DeleteConnection(OperationCall call)
    {
        var deleted = await WriteAsync(call, async db =>
        {
            var connection = await FindConnectionAsync(db, call);
            await TargetsStore.DeleteConnectionAsync(db, connection);
            return connection;
        });
        return ConnectionChange(deleted with { State = "DELETING" });
    }

    private async Task<ConnectionRecord> FindConnectionAsync(DbSession db, OperationCall call)
    {
        var name = call.Input.Required("Name");
        return await TargetsStore.FindConnectionAsync(db, call.AccountId, call.Region, name) ?? throw errors.ConnectionNotFound(name);
    }

    /// <summary>Private APIs (VPC Lattice) and customer KMS keys have no counterpart here yet.</summary>
    private static void RejectUnsupportedConnectionMembers(OperationCall call, string operation)
    {
        foreach (var member in (string[])["InvocationConnectivityParameters", "KmsKeyIdentifier"])
        {
            if (call.Input.ContainsKey(member))
            {
                throw TargetsErrors.NotImplemented($"{operation} with {member}");
            }
        }
    }

    /// <summary>What Create/Update/Delete/DeauthorizeConnection answer (and ListConnections starts from).</summary>
    private static JsonObject ConnectionChange(ConnectionRecord connection)
    {
        var output = new JsonObject
        {
            ["ConnectionArn"] = connection.Arn,
            ["ConnectionState"] = connection.State,
            ["CreationTime"] = Time(connection.CreatedAt),
            ["LastModifiedTime"] = Time(connection.ModifiedAt),
        };
        if (connection.AuthorizedAt is { } authorizedAt)
        {
            output["LastAuthorizedTime"] = Time(authorizedAt);
        }
        return output;
    }
}
