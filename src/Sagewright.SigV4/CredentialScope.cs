namespace Sagewright.SigV4;

/// <summary>The Credential value <c>AKID/yyyyMMdd/region/service/aws4_request</c>.</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    /// <summary>Parses a credential; on failure <paramref name="problem"/> says what is wrong in AWS's words.</summary>
    public static CredentialScope? TryParse(string credential, out string problem)
    {
        problem = "";
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
        {
            problem = $"Credential should be of the form {SigV4Errors.CredentialFormat}, not '{credential}'.";
            return null;
        }

        if (parts[4] != SigV4Constants.ScopeTerminator)
        {
            problem = $"Credential should be scoped with a valid terminator: 'aws4_request', not '{parts[4]}'.";
            return null;
        }

        if (parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit))
        {
            problem = $"Credential should be scoped to a valid date (yyyyMMdd), not '{parts[1]}'.";
            return null;
        }

        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }
}
