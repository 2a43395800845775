using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Runway.Edge.Hosting;

/// <summary>The HTTPS listener's certificate: the provided PEM pair, or a self-signed one for localhost made on first start and
/// kept (cert.pem, and key.pem readable by the owner only) so browsers see the same certificate after a restart.</summary>
internal static class EdgeCertificates
{
    private const string CertificateFile = "cert.pem";
    private const string KeyFile = "key.pem";

    /// <summary>A kept self-signed certificate is replaced when it expires within this time.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    public static X509Certificate2 Load(EdgeTlsOptions tls, TimeProvider time)
    {
        if (tls.CertificatePath is not null || tls.KeyPath is not null)
        {
            if (tls.CertificatePath is null || tls.KeyPath is null)
            {
                throw new EdgeCertificateException("TLS needs both a certificate file and a key file (PEM); set both, or neither for a self-signed certificate");
            }

            return LoadPem(tls.CertificatePath, tls.KeyPath);
        }

        if (tls.SelfSignedDirectory is null)
        {
            throw new EdgeCertificateException("TLS needs a certificate and key, or a directory to keep a self-signed certificate in");
        }

        return LoadOrCreateSelfSigned(tls.SelfSignedDirectory, time);
    }

    internal static X509Certificate2 LoadOrCreateSelfSigned(string directory, TimeProvider time)
    {
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var kept = LoadPem(certificatePath, keyPath);
            if (kept.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime + RenewBefore)
            {
                return kept;
            }

            kept.Dispose();
        }

        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("*.localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteFile(certificatePath, created.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return LoadPem(certificatePath, keyPath);
    }

    private static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new EdgeCertificateException($"cannot read the TLS certificate {certificatePath} with key {keyPath}: {e.Message}; give PEM files (certificate chain, and an unencrypted private key)", e);
        }
    }

    /// <summary>Writes to a temporary file created with <paramref name="mode"/>, then moves it into place, so the key is never readable by others.</summary>
    private static void WriteFile(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The HTTPS certificate cannot be used; the message says which file and what would fix it.</summary>
public sealed class EdgeCertificateException(string message, Exception? inner = null) : Exception(message, inner);
