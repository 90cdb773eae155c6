using System.Collections.Concurrent;
using Sagewright.Core;

namespace Sagewright.Iam;

/// <summary>
/// What every request reads from IAM — the credential behind its access key and its caller's identity policies —
/// kept in process so that authenticating and authorizing a request does not query the database.
/// </summary>
/// <remarks>
/// Every IAM write made through this process calls <see cref="Invalidate"/>, so it applies from the next request on.
/// Writes made elsewhere (the admin CLI, other replicas sharing PostgreSQL) are seen once an entry is older than
/// <see cref="IamOptions.CacheTtl"/>. Only what was found is cached, so a key or user created elsewhere works at once.
/// Session credentials are cached with their expiration, which the pipeline checks on every request. STS writes only
/// add sessions and purge expired ones, so they invalidate nothing.
/// </remarks>
public sealed class IamCache(IamOptions options, TimeProvider time)
{
    /// <summary>Per table; a full table is cleared rather than tracked per entry (each entry is a few hundred bytes).</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry<ResolvedCredential>> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PolicyOwner, Entry<IdentityPolicySet>> _policies = new();
    private long _generation;

    /// <summary>Forgets everything cached, including what loads still in flight would store.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _credentials.Clear();
        _policies.Clear();
    }

    internal ValueTask<ResolvedCredential?> GetCredentialAsync(string accessKeyId,
        Func<string, CancellationToken, Task<ResolvedCredential?>> load, CancellationToken cancellationToken) =>
        GetOrLoadAsync(_credentials, accessKeyId, load, cancellationToken);

    internal ValueTask<IdentityPolicySet?> GetPoliciesAsync(PolicyOwner owner,
        Func<PolicyOwner, CancellationToken, Task<IdentityPolicySet?>> load, CancellationToken cancellationToken) =>
        GetOrLoadAsync(_policies, owner, load, cancellationToken);

    private async ValueTask<TValue?> GetOrLoadAsync<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> table, TKey key,
        Func<TKey, CancellationToken, Task<TValue?>> load, CancellationToken cancellationToken)
        where TKey : notnull
        where TValue : class
    {
        // Read before loading: an Invalidate during the load moves the generation on, so what this load stores is never served.
        var generation = Volatile.Read(ref _generation);
        var now = time.GetUtcNow();
        if (table.TryGetValue(key, out var entry) && entry.Generation == generation && now < entry.ExpiresAt)
        {
            return entry.Value;
        }
        var value = await load(key, cancellationToken);
        if (value is not null && options.CacheTtl > TimeSpan.Zero)
        {
            if (table.Count >= MaxEntries)
            {
                table.Clear();
            }
            table[key] = new Entry<TValue>(value, now + options.CacheTtl, generation);
        }
        return value;
    }

    private sealed record Entry<TValue>(TValue Value, DateTimeOffset ExpiresAt, long Generation);
}

/// <summary>Whose identity policies: a user by account and name, or a role by its ARN (account in <see cref="Id"/>).</summary>
internal readonly record struct PolicyOwner(PrincipalKind Kind, string AccountId, string Id);
