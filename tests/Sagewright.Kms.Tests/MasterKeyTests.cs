using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Sagewright.Kms.Tests;

/// <summary>Key material is stored only sealed by the master key, which lives in a file outside the database.</summary>
public sealed class MasterKeyTests : KmsTestBase
{
    private const string Arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public void Seal_OpensOnlyForTheSameKeyArnAndMasterKey()
    {
        var master = MasterKey.Generate();
        var material = RandomNumberGenerator.GetBytes(32);
        var sealedMaterial = master.Seal(material, Arn);

        Assert.Equal(material, master.Open(sealedMaterial, Arn));
        Assert.ThrowsAny<CryptographicException>(() => master.Open(sealedMaterial, Arn[..^1] + "c"));
        Assert.ThrowsAny<CryptographicException>(() => MasterKey.Generate().Open(sealedMaterial, Arn));
    }

    [Fact]
    public async Task StoredMaterial_IsSealed_AndNoCopyOfTheRawKeyIsInTheDatabase()
    {
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "secret"))["CiphertextBlob"];
        var row = (await Host.Database.ReadAsync(
            db => KmsStore.FindKeyAsync(db, Account.AccountId, "us-east-1", keyId, Host.Time.GetUtcNow()), CancellationToken.None))!;

        var material = Host.MasterKey.Key.Open(row.SealedMaterial, row.Arn);

        // The opened material is the key that encrypted the data, and it appears nowhere in what is stored.
        Assert.True(CiphertextBlob.TryOpen(material, Convert.FromBase64String(Text(ciphertext)), new Dictionary<string, string>(), out var plaintext));
        Assert.Equal("secret"u8.ToArray(), plaintext);
        Assert.Equal(12 + 16 + 32, row.SealedMaterial.Length);
        Assert.Equal(-1, row.SealedMaterial.AsSpan().IndexOf(material));
        if (!KmsTestHost.OnPostgres)
        {
            var files = Directory.GetFiles(Host.Directory, "sagewright.db*").Select(File.ReadAllBytes);
            Assert.All(files, bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(material)));
        }
    }

    [Fact]
    public void LoadOrCreate_CreatesAnOwnerOnlyFile_AndReadsTheSameKeyBack()
    {
        var path = Path.Combine(Host.Directory, "other", "master.key");

        var created = MasterKey.LoadOrCreate(path, mayCreate: true);
        var loaded = MasterKey.LoadOrCreate(path, mayCreate: false);

        Assert.Equal(created.Id, loaded.Id);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
    }

    [Fact]
    public void LoadOrCreate_WhenTheFileIsMissingAndMayNotBeCreated_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.LoadOrCreate(Path.Combine(Host.Directory, "gone.key"), mayCreate: false));

        Assert.Contains("is missing", error.Message);
    }

    // The checks against the database need a database of their own, which a shared PostgreSQL database is not.
    [Fact]
    public async Task Start_WithAnotherMasterKeyFile_RefusesTheDatabase()
    {
        if (KmsTestHost.OnPostgres)
        {
            return;
        }
        await CreateKeyAsync();
        var other = Path.Combine(Host.Directory, "other.key");
        MasterKey.LoadOrCreate(other, mayCreate: true);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new MasterKeySource(new KmsOptions { MasterKeyFile = other }, Host.Database, Host.Time).LoadAsync(CancellationToken.None));

        Assert.Contains("is not the one that sealed", error.Message);
    }

    [Fact]
    public async Task Start_WithTheMasterKeyFileLost_RefusesToMakeANewOne()
    {
        if (KmsTestHost.OnPostgres)
        {
            return;
        }
        var missing = Path.Combine(Host.Directory, "lost.key");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new MasterKeySource(new KmsOptions { MasterKeyFile = missing }, Host.Database, Host.Time).LoadAsync(CancellationToken.None));

        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Start_AgainWithTheSameFile_LoadsTheSameKey()
    {
        if (KmsTestHost.OnPostgres)
        {
            return;
        }
        var keyId = await CreateKeyAsync();
        var ciphertext = (await EncryptAsync(keyId, "kept"))["CiphertextBlob"];
        var restarted = new MasterKeySource(new KmsOptions { MasterKeyFile = Path.Combine(Host.Directory, "kms-master.key") }, Host.Database, Host.Time);

        await restarted.LoadAsync(CancellationToken.None);

        Assert.Equal(Host.MasterKey.Key.Id, restarted.Key.Id);
        var decrypted = await Host.KmsAsync(Root, "Decrypt", new JsonObject { ["CiphertextBlob"] = Text(ciphertext) });
        Assert.Equal("kept", Utf8(decrypted["Plaintext"]));
        Assert.Single(await Host.Database.ReadAsync(KmsStore.MasterKeyIdsAsync, CancellationToken.None));
    }
}
