using System.Security.Cryptography;
using System.Text;

namespace Sagewright.Kms.Tests;

/// <summary>The ciphertext format: what it carries in clear, and that nothing in it can change unnoticed.</summary>
public sealed class CiphertextBlobTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static readonly byte[] Material = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plaintext = "attack at dawn"u8.ToArray();
    private static readonly Dictionary<string, string> Purpose = new() { ["purpose"] = "test", ["team"] = "kms" };

    private static byte[] Sealed(IReadOnlyDictionary<string, string>? context = null) =>
        CiphertextBlob.Seal(Material, KeyArn, Plaintext, context ?? Purpose);

    [Fact]
    public void Seal_ThenOpen_ReturnsThePlaintext_AndTheBlobNamesItsKey()
    {
        var blob = Sealed();

        Assert.True(CiphertextBlob.TryOpen(Material, blob, Purpose, out var plaintext));
        Assert.Equal(Plaintext, plaintext);
        Assert.Equal(KeyArn, CiphertextBlob.KeyArnOf(blob));
        Assert.Equal(1 + 1 + KeyArn.Length + 12 + 16 + Plaintext.Length, blob.Length);
    }

    [Fact]
    public void Seal_TwiceWithTheSameInput_GivesDifferentBlobs()
    {
        Assert.NotEqual(Sealed(), Sealed());
    }

    public static TheoryData<string, int> BytesOfEachPart()
    {
        var headerLength = 2 + KeyArn.Length;
        return new TheoryData<string, int>
        {
            { "version", 0 },
            { "ARN length", 1 },
            { "first ARN byte", 2 },
            { "ARN key id", headerLength - 1 },
            { "nonce", headerLength },
            { "tag", headerLength + 12 },
            { "last tag byte", headerLength + 12 + 15 },
            { "ciphertext", headerLength + 28 },
            { "last ciphertext byte", headerLength + 28 + Plaintext.Length - 1 },
        };
    }

    [Theory]
    [MemberData(nameof(BytesOfEachPart))]
    public void TryOpen_WithOneByteChanged_Fails(string part, int index)
    {
        var blob = Sealed();
        blob[index] ^= 0x01;

        Assert.False(CiphertextBlob.TryOpen(Material, blob, Purpose, out var plaintext), $"a changed {part} byte went unnoticed");
        Assert.Empty(plaintext);
    }

    [Fact]
    public void TryOpen_WithAnyByteChangedOrTruncated_Fails()
    {
        var blob = Sealed();
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x80;
            Assert.False(CiphertextBlob.TryOpen(Material, tampered, Purpose, out _), $"byte {i} changed unnoticed");
        }
        for (var length = 0; length < blob.Length; length++)
        {
            Assert.False(CiphertextBlob.TryOpen(Material, blob.AsSpan(0, length), Purpose, out _), $"a blob cut to {length} bytes opened");
        }
        Assert.False(CiphertextBlob.TryOpen(Material, [.. blob, 0], Purpose, out _));
    }

    public static TheoryData<string, Dictionary<string, string>> OtherContexts() => new()
    {
        { "none", new() },
        { "an entry missing", new() { ["purpose"] = "test" } },
        { "an extra entry", new() { ["purpose"] = "test", ["team"] = "kms", ["x"] = "y" } },
        { "another value", new() { ["purpose"] = "test", ["team"] = "KMS" } },
        { "a key in another case", new() { ["Purpose"] = "test", ["team"] = "kms" } },
        { "key and value shifted", new() { ["purposet"] = "est", ["team"] = "kms" } },
        { "keys and values swapped", new() { ["test"] = "purpose", ["kms"] = "team" } },
    };

    [Theory]
    [MemberData(nameof(OtherContexts))]
    public void TryOpen_WithAnotherEncryptionContext_Fails(string difference, Dictionary<string, string> context)
    {
        Assert.False(CiphertextBlob.TryOpen(Material, Sealed(), context, out _), $"opened with {difference}");
    }

    [Fact]
    public void TryOpen_WithTheContextInAnotherOrder_Succeeds()
    {
        var reordered = new Dictionary<string, string> { ["team"] = "kms", ["purpose"] = "test" };

        Assert.True(CiphertextBlob.TryOpen(Material, Sealed(), reordered, out _));
    }

    [Fact]
    public void TryOpen_WithAnotherKeysMaterial_Fails()
    {
        Assert.False(CiphertextBlob.TryOpen(RandomNumberGenerator.GetBytes(32), Sealed(), Purpose, out _));
    }

    [Fact]
    public void TryOpen_OfABlobMovedToAnotherKeyArn_Fails()
    {
        // Same material under another key's ARN: the ARN is authenticated, so rewriting the header is caught.
        var otherArn = KeyArn[..^1] + "c";
        var blob = Sealed();
        Encoding.UTF8.GetBytes(otherArn).CopyTo(blob, 2);

        Assert.Equal(otherArn, CiphertextBlob.KeyArnOf(blob));
        Assert.False(CiphertextBlob.TryOpen(Material, blob, Purpose, out _));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0 })]
    [InlineData(new byte[] { 1, 200, 1, 2, 3 })]
    public void KeyArnOf_ABlobThisServerDidNotWrite_IsNull(byte[] blob)
    {
        Assert.Null(CiphertextBlob.KeyArnOf(blob));
    }

    [Fact]
    public void CanonicalContext_IsUnambiguousAndOrderFree()
    {
        var ab = CiphertextBlob.CanonicalContext(new Dictionary<string, string> { ["a"] = "bc" });
        var abShifted = CiphertextBlob.CanonicalContext(new Dictionary<string, string> { ["ab"] = "c" });
        var forward = CiphertextBlob.CanonicalContext(new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        var backward = CiphertextBlob.CanonicalContext(new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" });

        Assert.NotEqual(ab, abShifted);
        Assert.Equal(forward, backward);
    }
}
