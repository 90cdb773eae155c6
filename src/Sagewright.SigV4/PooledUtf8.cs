using System.Buffers;
using System.Text;

namespace Sagewright.SigV4;

/// <summary>
/// The UTF-8 bytes of a string in a pooled buffer, for hashing what every request signs (canonical request, string to
/// sign) without allocating them each time.
/// </summary>
internal readonly struct PooledUtf8 : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _length;

    private PooledUtf8(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    public static PooledUtf8 Of(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        return new PooledUtf8(buffer, Encoding.UTF8.GetBytes(text, buffer));
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
