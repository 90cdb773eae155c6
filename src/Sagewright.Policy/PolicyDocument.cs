namespace Sagewright.Policy;

public enum PolicyKind { Identity, Resource, Trust, Session, PermissionsBoundary }

public sealed class MalformedPolicyException(string message) : Exception(message);

/// <summary>A parsed, validated IAM policy document. Immutable and safe to cache and share across threads.</summary>
public sealed class PolicyDocument
{
    public const string CurrentVersion = "2012-10-17";
    public const string LegacyVersion = "2008-10-17";

    internal PolicyDocument(PolicyKind kind, string? version, string? id, IReadOnlyList<PolicyStatement> statements, string sourceId, string sourceType)
    {
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
        SourceId = sourceId;
        SourceType = sourceType;
    }

    /// <summary>Parses and validates <paramref name="json"/> with the rules IAM applies to documents of <paramref name="kind"/>.</summary>
    /// <exception cref="MalformedPolicyException">The document is not valid; the message is the one IAM would give.</exception>
    public static PolicyDocument Parse(string json, PolicyKind kind, string sourceId = "", string sourceType = "none") =>
        PolicyParser.Parse(json, kind, sourceId, sourceType);

    public PolicyKind Kind { get; }
    public string? Version { get; }
    public string? Id { get; }
    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Carried into <see cref="MatchedStatement"/> (policy ARN or name).</summary>
    public string SourceId { get; }

    /// <summary>IAM simulator vocabulary: user, group, role, aws-managed, user-managed, resource, none.</summary>
    public string SourceType { get; }

    /// <summary>Policy variables (<c>${...}</c>) exist only in the 2012-10-17 language; older documents treat them as literal text.</summary>
    public bool SupportsPolicyVariables => Version == CurrentVersion;
}
