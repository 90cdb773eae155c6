using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sagewright.Events.Targets.Commands;

/// <summary><c>arn:aws:lambda:REGION:ACCOUNT:function:NAME</c>, optionally with <c>:VERSION-OR-ALIAS</c>, which is ignored.</summary>
internal static partial class LambdaFunctionArn
{
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();

    public static bool IsValidName(string name) => FunctionName().IsMatch(name);

    public static bool TryParse(string arn, [NotNullWhen(true)] out string? functionName)
    {
        functionName = null;
        var parts = arn.Split(':');
        if (parts is ["arn", "aws", "lambda", { Length: > 0 }, { Length: 12 }, "function", var name, ..] && parts.Length <= 8 && IsValidName(name))
        {
            functionName = name;
        }
        return functionName is not null;
    }
}
