using Runway.State.Secrets;
using Runway.Tests.Shared;

namespace Runway.State.Tests.Secrets;

public class SecretKeyFileTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void A_missing_key_file_is_created_with_32_random_bytes_and_mode_0600()
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.Combine("home", "secret.key");

        using (SecretVault.OpenOrCreate(path))
        {
        }

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        var key = File.ReadAllBytes(path);
        Assert.Equal(32, key.Length);
        Assert.Contains(key, b => b != 0);
        Assert.Equal(["secret.key"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Processes_creating_the_key_at_once_all_end_up_with_the_same_key()
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.File("secret.key");
        var vaults = new SecretVault[8];
        using var start = new Barrier(vaults.Length);

        var threads = Enumerable.Range(0, vaults.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            vaults[i] = SecretVault.OpenOrCreate(path);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        try
        {
            var token = vaults[0].Encrypt("shared", "ad");
            Assert.All(vaults, v => Assert.Equal("shared", v.Decrypt(token, "ad")));
            Assert.Equal(["secret.key"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
        }
        finally
        {
            Array.ForEach(vaults, v => v.Dispose());
        }
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite, "0602")]
    public void A_key_file_others_may_read_is_refused(UnixFileMode mode, string octal)
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.File("secret.key");
        File.WriteAllBytes(path, new byte[32]);
        File.SetUnixFileMode(path, mode);

        var error = Assert.Throws<InvalidDataException>(() => SecretVault.OpenOrCreate(path));

        Assert.Equal($"secret key file {path} has mode {octal}, so other users may read it; it must be readable only by its owner: chmod 600 {path}", error.Message);
    }

    [Fact]
    public void A_read_only_owner_key_file_is_accepted()
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.File("secret.key");
        string token;
        using (var vault = SecretVault.OpenOrCreate(path))
        {
            token = vault.Encrypt("x", "ad");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead);

        using var reopened = SecretVault.OpenOrCreate(path);
        Assert.Equal("x", reopened.Decrypt(token, "ad"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void A_key_file_of_the_wrong_length_is_refused(int length)
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.Write("secret.key", new string('k', length), OwnerReadWrite);

        var error = Assert.Throws<InvalidDataException>(() => SecretVault.OpenOrCreate(path));

        Assert.StartsWith($"secret key file {path} holds {length} bytes; an AES-256 key is 32 bytes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_key_is_kept_so_old_secrets_still_decrypt()
    {
        using var directory = new TempDirectory("runway-vault-");
        var path = directory.File("secret.key");
        string token;
        using (var vault = SecretVault.OpenOrCreate(path))
        {
            token = vault.Encrypt("s3cret", "app/shop");
        }

        var key = File.ReadAllBytes(path);

        using var reopened = SecretVault.OpenOrCreate(path);
        Assert.Equal("s3cret", reopened.Decrypt(token, "app/shop"));
        Assert.Equal(key, File.ReadAllBytes(path));
    }
}
