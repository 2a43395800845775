using System.Security.Cryptography;
using Runway.Model;
using Runway.State.Secrets;
using Runway.Tests.Shared;

namespace Runway.State.Tests.Secrets;

public sealed class SecretVaultTests : IDisposable
{
    private readonly TempDirectory _directory = new("runway-vault-");
    private readonly SecretVault _vault;

    public SecretVaultTests() => _vault = SecretVault.OpenOrCreate(_directory.File("secret.key"));

    public void Dispose()
    {
        _vault.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("postgres://user:pa55@localhost/db")]
    [InlineData("naïve ☃ \n\0 multi-byte")]
    public void A_secret_decrypts_to_what_was_encrypted(string plaintext)
    {
        var token = _vault.Encrypt(plaintext, "app/shop/release/3");

        Assert.StartsWith("v1:", token, StringComparison.Ordinal);
        Assert.Equal(3 + (((12 + System.Text.Encoding.UTF8.GetByteCount(plaintext) + 16 + 2) / 3) * 4), token.Length);
        Assert.Equal(plaintext, _vault.Decrypt(token, "app/shop/release/3"));
    }

    [Fact]
    public void Every_encryption_uses_a_fresh_nonce()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => _vault.Encrypt("same", "ad")).ToList();

        Assert.Equal(50, tokens.Distinct().Count());
        Assert.Equal(50, tokens.Select(t => Convert.ToBase64String(Convert.FromBase64String(t[3..])[..12])).Distinct().Count());
    }

    [Fact]
    public void Every_altered_byte_of_a_token_is_detected()
    {
        var token = _vault.Encrypt("DATABASE_URL=postgres://x", "app/shop");
        var bytes = Convert.FromBase64String(token[3..]);

        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;

            var error = Assert.Throws<CryptographicException>(() => _vault.Decrypt("v1:" + Convert.ToBase64String(altered), "app/shop"));
            Assert.Equal(
                "the secret for \"app/shop\" failed authentication: it was altered, belongs to other associated data, or was encrypted under another key file",
                error.Message);
        }
    }

    [Fact]
    public void A_truncated_token_is_detected()
    {
        var token = _vault.Encrypt("abcdefgh", "ad");
        var bytes = Convert.FromBase64String(token[3..]);

        Assert.Throws<CryptographicException>(() => _vault.Decrypt("v1:" + Convert.ToBase64String(bytes[..^1]), "ad"));
        Assert.Throws<FormatException>(() => _vault.Decrypt("v1:" + Convert.ToBase64String(bytes[..27]), "ad"));
    }

    [Fact]
    public void Other_associated_data_or_another_key_cannot_decrypt()
    {
        var token = _vault.Encrypt("secret", "app/shop/release/3");
        using var other = SecretVault.OpenOrCreate(_directory.File("other.key"));

        Assert.Throws<CryptographicException>(() => _vault.Decrypt(token, "app/shop/release/4"));
        Assert.Throws<CryptographicException>(() => other.Decrypt(token, "app/shop/release/3"));
    }

    [Theory]
    [InlineData("plain text", "the value is not a secret token (expected \"v1:\" followed by base64)")]
    [InlineData("v2:AAAA", "the secret token has format \"v2\", which this version of Runway cannot read (it reads v1)")]
    [InlineData("v1:***not base64***", "the secret token is damaged: its body is not base64 of a nonce, ciphertext and tag")]
    public void Text_that_is_not_a_v1_token_is_a_format_error(string token, string message)
    {
        var error = Assert.Throws<FormatException>(() => _vault.Decrypt(token, "ad"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Variables_round_trip_in_one_token()
    {
        var variables = new ValueMap([new("DATABASE_URL", "postgres://u:p@127.0.0.1/db"), new("EMPTY", ""), new("ÜNI", "☃\"\\")]);

        var token = _vault.EncryptVariables(variables, "app/shop/release/3");

        Assert.Equal(variables, _vault.DecryptVariables(token, "app/shop/release/3"));
        Assert.Equal(ValueMap.Empty, _vault.DecryptVariables(_vault.EncryptVariables(ValueMap.Empty, "ad"), "ad"));
        Assert.Throws<CryptographicException>(() => _vault.DecryptVariables(token, "app/shop/release/2"));
    }

    [Fact]
    public void A_token_that_does_not_hold_variables_is_a_format_error()
    {
        var token = _vault.Encrypt("[1, 2]", "ad");

        var error = Assert.Throws<FormatException>(() => _vault.DecryptVariables(token, "ad"));

        Assert.Equal("the secret for \"ad\" decrypted, but is not a set of variables (a JSON object of strings)", error.Message);
    }

    [Fact]
    public void The_vault_can_be_used_from_many_threads()
    {
        var results = new string[8][];

        Parallel.For(0, 8, t => results[t] = Enumerable.Range(0, 100).Select(n => _vault.Decrypt(_vault.Encrypt($"{t}:{n}", $"ad{t}"), $"ad{t}")).ToArray());

        for (var t = 0; t < 8; t++)
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(n => $"{t}:{n}"), results[t]);
        }
    }

    [Fact]
    public void A_disposed_vault_refuses_calls()
    {
        var token = _vault.Encrypt("x", "ad");
        _vault.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _vault.Encrypt("x", "ad"));
        Assert.Throws<ObjectDisposedException>(() => _vault.Decrypt(token, "ad"));
    }
}
