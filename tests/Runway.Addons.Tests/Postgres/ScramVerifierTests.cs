using Runway.Addons.Postgres;

namespace Runway.Addons.Tests.Postgres;

public sealed class ScramVerifierTests
{
    [Fact]
    public void The_verifier_matches_an_independent_computation()
    {
        // Computed with Python's hashlib.pbkdf2_hmac / hmac (RFC 5802 StoredKey = H(HMAC(SaltedPassword, "Client Key"))).
        var salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        Assert.Equal(
            "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=",
            ScramVerifier.For("pencil", salt, 4096));
    }

    [Fact]
    public void Each_verifier_has_a_fresh_salt_and_never_contains_the_password()
    {
        var first = ScramVerifier.For("correct-horse");
        var second = ScramVerifier.For("correct-horse");
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("correct-horse", first, StringComparison.Ordinal);
        Assert.StartsWith("SCRAM-SHA-256$4096:", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_passwords_are_refused_rather_than_mis_hashed() =>
        Assert.Throws<ArgumentException>(() => ScramVerifier.For("pässword"));
}
