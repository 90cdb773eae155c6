namespace Sagewright.Policy;

/// <summary>
/// A policy string after variable substitution. Characters that came from a substituted value or from the
/// <c>${*}</c>, <c>${?}</c>, <c>${$}</c> escapes are literal: a <c>*</c> there matches only a <c>*</c>.
/// </summary>
internal readonly struct PatternText(string text, bool[]? literal)
{
    public string Text { get; } = text;

    public int Length => Text.Length;

    public char this[int index] => Text[index];

    public bool IsWildcardStar(int index) => Text[index] == '*' && !IsLiteral(index);

    public bool IsWildcardQuestion(int index) => Text[index] == '?' && !IsLiteral(index);

    public PatternText Slice(int start, int length) =>
        new(Text.Substring(start, length), literal is null ? null : literal[start..(start + length)]);

    private bool IsLiteral(int index) => literal is not null && literal[index];

    public static implicit operator PatternText(string text) => new(text, null);
}
