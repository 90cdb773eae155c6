namespace Sagewright.Policy.Tests;

internal static class TestPolicies
{
    public const string AllowAll = """{"Effect":"Allow","Action":"*","Resource":"*"}""";

    public static PolicyDocument Identity(string statements, string? version = PolicyDocument.CurrentVersion) =>
        PolicyDocument.Parse(Document(statements, version), PolicyKind.Identity, "arn:aws:iam::111122223333:policy/test", "user-managed");

    public static PolicyDocument Resource(string statements, string? version = PolicyDocument.CurrentVersion) =>
        PolicyDocument.Parse(Document(statements, version), PolicyKind.Resource, "arn:aws:s3:::bucket", "resource");

    public static PolicyDocument Trust(string statements) =>
        PolicyDocument.Parse(Document(statements, PolicyDocument.CurrentVersion), PolicyKind.Trust, "trust", "role");

    public static PolicyDocument Session(string statements) =>
        PolicyDocument.Parse(Document(statements, PolicyDocument.CurrentVersion), PolicyKind.Session, "session", "none");

    public static PolicyDocument Boundary(string statements) =>
        PolicyDocument.Parse(Document(statements, PolicyDocument.CurrentVersion), PolicyKind.PermissionsBoundary, "boundary", "user-managed");

    public static string Document(string statements, string? version) => version is null
        ? $$"""{"Statement":{{statements}}}"""
        : $$"""{"Version":"{{version}}","Statement":{{statements}}}""";

    /// <summary>
    /// Context from a compact spec: <c>key=v1|v2;key2=v</c>. A key without <c>=</c> is present with no values.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Context(string? spec)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(spec))
        {
            return context;
        }

        foreach (var entry in spec.Split(';'))
        {
            var equals = entry.IndexOf('=');
            context[equals < 0 ? entry : entry[..equals]] = equals < 0 ? [] : entry[(equals + 1)..].Split('|');
        }

        return context;
    }
}
