using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Runway.Model;
using Runway.State.Json;

namespace Runway.State.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under a key file (mode 0600). A token is <c>v1:</c> followed by the base64 of
/// a fresh 12-byte nonce, the ciphertext and the 16-byte tag. The associated data (for example <c>app/studybuddy/release/7</c>)
/// is authenticated but not stored: a token only decrypts with the same associated data, so a secret cannot be moved to
/// another app or release unnoticed. Thread-safe.
/// </summary>
public sealed class SecretVault : IDisposable
{
    private const string Version1Prefix = "v1:";
    private const int NonceSize = 12; // AesGcm.NonceByteSizes: 96-bit nonces (NIST SP 800-38D section 8.2)
    private const int TagSize = 16;

    private static readonly JsonSerializerOptions VariablesOptions = CreateVariablesOptions();

    private readonly Lock _gate = new();
    private readonly byte[] _key;
    private bool _disposed;

    private SecretVault(byte[] key) => _key = key;

    /// <summary>Opens the vault with the key at <paramref name="keyPath"/>, creating a new random key (mode 0600) when the
    /// file does not exist.</summary>
    /// <exception cref="InvalidDataException">The key file is readable by group or others, or is not 32 bytes.</exception>
    public static SecretVault OpenOrCreate(string keyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        return new SecretVault(SecretKeyFile.ReadOrCreate(keyPath));
    }

    public string Encrypt(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(associatedData);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = CreateCipher();
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(associatedData));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        return Version1Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="FormatException">The token is not a vault token.</exception>
    /// <exception cref="CryptographicException">The token was altered, was encrypted with other associated data, or under another key.</exception>
    public string Decrypt(string token, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(associatedData);
        var sealedBytes = ParseToken(token);
        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = CreateCipher();
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceSize),
                sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength),
                plain,
                Encoding.UTF8.GetBytes(associatedData));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException(
                $"the secret for \"{associatedData}\" failed authentication: it was altered, belongs to other associated data, or was encrypted under another key file",
                ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Encrypts a set of environment variables (a release's resolved environment) as one token.</summary>
    public string EncryptVariables(ValueMap variables, string associatedData) =>
        Encrypt(JsonSerializer.Serialize(variables, VariablesOptions), associatedData);

    /// <exception cref="FormatException">The token is not a vault token, or does not hold variables.</exception>
    /// <exception cref="CryptographicException">As for <see cref="Decrypt"/>.</exception>
    public ValueMap DecryptVariables(string token, string associatedData)
    {
        var json = Decrypt(token, associatedData);
        try
        {
            return JsonSerializer.Deserialize<ValueMap>(json, VariablesOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the secret for \"{associatedData}\" decrypted, but is not a set of variables (a JSON object of strings)", ex);
        }
    }

    /// <summary>Wipes the key from memory; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
        }
    }

    /// <summary>An AesGcm per call: instances are not documented as thread-safe, and one is cheap to create. The lock
    /// keeps Dispose from wiping the key while a cipher copies it.</summary>
    private AesGcm CreateCipher()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new AesGcm(_key, TagSize);
        }
    }

    private static JsonSerializerOptions CreateVariablesOptions()
    {
        var options = new JsonSerializerOptions { Converters = { new ValueMapJsonConverter() } };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static byte[] ParseToken(string token)
    {
        if (!token.StartsWith(Version1Prefix, StringComparison.Ordinal))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            throw new FormatException(colon > 0 && colon < 10
                ? $"the secret token has format \"{token[..colon]}\", which this version of Runway cannot read (it reads v1)"
                : "the value is not a secret token (expected \"v1:\" followed by base64)");
        }

        var bytes = new byte[(token.Length - Version1Prefix.Length) * 3 / 4];
        if (!Convert.TryFromBase64String(token[Version1Prefix.Length..], bytes, out var written) || written < NonceSize + TagSize)
        {
            throw new FormatException("the secret token is damaged: its body is not base64 of a nonce, ciphertext and tag");
        }

        return bytes[..written];
    }
}
