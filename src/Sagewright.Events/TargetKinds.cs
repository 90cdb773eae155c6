using Sagewright.Protocol.Contracts;

namespace Sagewright.Events;

/// <summary>The kinds of targets registered in DI; a target belongs to the first whose Accepts(arn) is true.</summary>
internal sealed class TargetKinds(IEnumerable<IEventTarget> kinds)
{
    private readonly IReadOnlyList<IEventTarget> _kinds = kinds.ToArray();

    public IEventTarget? Find(string targetArn) => _kinds.FirstOrDefault(k => k.Accepts(targetArn));
}
