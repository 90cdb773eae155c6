namespace Sagewright.EventPatterns;

/// <summary>The reasons event-ruler (the engine behind EventBridge) gives for a rejected pattern.</summary>
internal static class PatternErrors
{
    public const string NotAnObject = "Filter is not an object";
    public const string EmptyArray = "Empty arrays are not allowed";
    public const string OneKeyPerExpression = "Only one key allowed in match expression";
    public const string BadMatchValue = "Match value must be String, number, true, false, or null";
    public const string ExistsNotBoolean = "exists match pattern must be either true or false.";
    public const string AnythingButValue = "Value of anything-but must be an array or single string/number value.";
    public const string AnythingButListMember = "Inside anything but list, start|null|boolean is not supported.";
    public const string EmptyAnythingButAffix = "Null prefix/suffix not allowed";
    public const string NumericNotArray = "Value of numeric must be an array.";
    public const string NumericEmpty = "Invalid member in numeric match: ]";
    public const string NumericTooManyElements = "Too many elements in numeric expression";
    public const string NumericTooManyTerms = "Too many terms in numeric range expression";
    public const string NumericBottomAboveTop = "Bottom must be less than top";
    public const string CidrOneSlash = "Malformed CIDR, one '/' required";
    public const string CidrMaskNotInteger = "Malformed CIDR, mask bits must be an integer";
    public const string OrNotArrayOfObjects = "Or relationship must be an array of objects";
    public const string WildcardTooComplex = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character";

    public static string NotObjectOrArray(string field) => $"\"{field}\" must be an object or an array";

    public static string UnrecognizedMatchType(string name) => $"Unrecognized match type {name}";

    public static string MustBeString(string matchType) => $"{matchType} match pattern must be a string";

    public static string UnsupportedAnythingBut(string name) => $"Unsupported anything-but pattern: {name}";

    public static string InvalidNumericMember(string member) => $"Invalid member in numeric match: {member}";

    public static string UnrecognizedNumericOperator(string op) => $"Unrecognized numeric range operator: {op}";

    public static string BadNumericRangeOperator(string op) => $"Bad numeric range operator: {op}";

    public static string NumericValueNotNumber(string op) => $"Value of {(op == "=" ? "equals" : op)} must be numeric";

    public static string NonstandardIpAddress(string address) => $"Nonstandard IP address: {address}";

    public static string ConsecutiveWildcards(int position) => $"Consecutive wildcard characters at pos {position}";

    public static string InvalidEscape(int position) => $"Invalid escape character at pos {position}";

    public static InvalidEventPatternException Invalid(string reason) => new(reason);
}
