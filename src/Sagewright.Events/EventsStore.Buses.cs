using Sagewright.Data;

namespace Sagewright.Events;

internal static partial class EventsStore
{
    private const string BusColumns = "account_id, region, name, description, policy, created_at, updated_at";

    /// <summary>The bus, or for a default bus never written to, its implicit form (no times, no policy).</summary>
    public static async Task<BusRecord?> FindBusAsync(DbSession db, BusRef bus)
    {
        var found = await db.QuerySingleOrDefaultAsync(
            $"SELECT {BusColumns} FROM events_buses WHERE account_id = @AccountId AND region = @Region AND name = @Name",
            ReadBus, new { bus.AccountId, bus.Region, bus.Name });
        return found ?? (bus.IsDefault ? new BusRecord(bus, null, null, null, null) : null);
    }

    public static Task<IReadOnlyList<BusRecord>> ListBusesAsync(DbSession db, string accountId, string region) => db.QueryAsync(
        $"SELECT {BusColumns} FROM events_buses WHERE account_id = @accountId AND region = @region ORDER BY name",
        ReadBus, new { accountId, region });

    /// <summary>Inserts the bus; false when it exists already.</summary>
    public static async Task<bool> InsertBusAsync(DbSession db, BusRef bus, string? description, DateTimeOffset now) =>
        await db.ExecuteAsync(
            "INSERT INTO events_buses (account_id, region, name, description, policy, created_at, updated_at) " +
            "VALUES (@AccountId, @Region, @Name, @description, NULL, @now, @now) ON CONFLICT (account_id, region, name) DO NOTHING",
            new { bus.AccountId, bus.Region, bus.Name, description, now }) == 1;

    /// <summary>Gives the implicit default bus a row (to hold a policy or tags); a no-op for one that has it.</summary>
    public static Task EnsureBusRowAsync(DbSession db, BusRef bus, DateTimeOffset now) => InsertBusAsync(db, bus, null, now);

    public static Task SetBusPolicyAsync(DbSession db, BusRef bus, string? policy, DateTimeOffset now) => db.ExecuteAsync(
        "UPDATE events_buses SET policy = @policy, updated_at = @now WHERE account_id = @AccountId AND region = @Region AND name = @Name",
        new { bus.AccountId, bus.Region, bus.Name, policy, now });

    public static async Task DeleteBusAsync(DbSession db, BusRef bus)
    {
        var scope = new { bus.AccountId, bus.Region, bus.Name, arn = bus.Arn };
        await db.ExecuteAsync("DELETE FROM events_targets WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name", scope);
        await db.ExecuteAsync("DELETE FROM events_rules WHERE account_id = @AccountId AND region = @Region AND bus_name = @Name", scope);
        await db.ExecuteAsync("DELETE FROM events_tags WHERE account_id = @AccountId AND region = @Region AND resource_arn = @arn", scope);
        await db.ExecuteAsync("DELETE FROM events_buses WHERE account_id = @AccountId AND region = @Region AND name = @Name", scope);
    }

    private static BusRecord ReadBus(DbRow r) => new(
        new BusRef(r.GetString("account_id"), r.GetString("region"), r.GetString("name")),
        r.GetStringOrNull("description"), r.GetStringOrNull("policy"), r.GetDateTimeOffset("created_at"), r.GetDateTimeOffset("updated_at"));
}
