using System.Security.Cryptography;
using System.Text;

namespace Runway.Addons.Postgres;

/// <summary>
/// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 section 3, RFC 7677; PostgreSQL's
/// scram_build_secret). Sending the verifier instead of the password keeps the password out of the server's
/// statement statistics and logs, the way psql's \password does.
/// </summary>
internal static class ScramVerifier
{
    public const int Iterations = 4096;

    public static string For(string password) => For(password, RandomNumberGenerator.GetBytes(16), Iterations);

    /// <summary>The verifier for a given salt; the password must be ASCII so that SASLprep leaves it unchanged.</summary>
    public static string For(string password, byte[] salt, int iterations)
    {
        if (!Ascii.IsValid(password))
        {
            throw new ArgumentException("only ASCII passwords are supported (SASLprep is not implemented)", nameof(password));
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
