namespace Sagewright.EventPatterns;

/// <summary>A pattern EventBridge would reject; the message is worded as AWS words it.</summary>
public sealed class InvalidEventPatternException(string reason)
    : Exception($"Event pattern is not valid. Reason: {reason}")
{
    public string Reason { get; } = reason;
}
