namespace Sagewright.Data;

/// <summary>One schema step of a module, in the portable SQL subset described in README.md.</summary>
public sealed record Migration(int Version, string Sql);
