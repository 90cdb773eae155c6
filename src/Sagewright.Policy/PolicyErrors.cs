namespace Sagewright.Policy;

/// <summary>The MalformedPolicyDocument messages, worded as IAM words them.</summary>
internal static class PolicyErrors
{
    public const string SyntaxErrors = "Syntax errors in policy.";
    public const string LegacyParsing = "The policy failed legacy parsing";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string ShouldNotSpecifyPrincipal = "Policy document should not specify a principal.";
    public const string MissingResource = "Missing required field Resource";
    public const string MissingEffect = "Missing required field Effect";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string ActionVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string ActionOneColon = "Actions/Condition can contain only one colon.";
    public const string ResourceVendor = "Resource vendor must be fully qualified and cannot contain regexes.";
    public const string DuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
    public const string SidNotAlphanumeric = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string NotPrincipalWithAllow = "NotPrincipal must be used with \"Effect\":\"Deny\".";

    public static string ProhibitedField(string field) => $"Has prohibited field {field}";

    public static string InvalidEffect(string effect) => $"Invalid effect: {effect}";

    public static string InvalidPrincipal(string type, string value) => $"Invalid principal in policy: \"{type}\":\"{value}\"";

    public static string ResourceNotArn(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static MalformedPolicyException Malformed(string message) => new(message);
}
