using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebhookConsole.Data;
using WebhookConsole.Data.AtRest;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Privacy;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>The Data Protection key ring in the database is encrypted with a key kept outside it.</summary>
[Trait("Lane", "Integration")]
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wc-keyring-").FullName;
    private string Database => Path.Combine(folder, "console.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_copy_of_the_database_alone_decrypts_nothing_and_does_not_start()
    {
        string stored;
        byte[] wrappedDataKey;
        await using (var first = Start(Database))
        {
            stored = first.Services.GetRequiredService<IntegrationSecrets>().Protect("whsec_the-secret")!;
            await using var db = first.NewDb();
            wrappedDataKey = Convert.FromBase64String(XElement.Parse((await DataKeys(db).SingleAsync()).Xml!).Value);
            // Data Protection reads its own keys from the shared table, not the data key (it would warn at every load).
            var ring = first.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository!.GetAllElements();
            Assert.NotEmpty(ring);
            Assert.DoesNotContain(ring, e => e.Name.Namespace == AtRestKeyStore.Namespace);
            Assert.All(await RingKeys(db).Select(k => k.Xml!).ToListAsync(), xml =>
            {
                Assert.Contains("encryptedSecret", xml);
                Assert.DoesNotContain("masterKey", xml);
            });
        }
        var keyFile = Database + ".key";
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

        var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "copy")).FullName, "console.db");
        SqliteConnection.ClearAllPools();
        File.Copy(Database, copy);

        // Whoever holds the file alone, with Data Protection set up as the console has it but without the key file.
        Assert.ThrowsAny<CryptographicException>(() => BareDataProtection(copy).CreateProtector("WebhookConsole.Integrations.Secrets.v1").Unprotect(stored));
        // Nor the data key that encrypts personal data at rest, stored beside the ring.
        Assert.ThrowsAny<CryptographicException>(() => new AtRestCipher(BareDataProtection(copy)).UseDataKey(1, wrappedDataKey, current: true));

        // The console itself refuses to start on the copy, naming the missing file, and creates no new key.
        var refused = Assert.ThrowsAny<Exception>(() => Start(copy).Dispose());
        Assert.Contains("key file", refused.ToString());
        Assert.Contains(copy + ".key", refused.ToString());
        Assert.False(File.Exists(copy + ".key"));

        // With the key file restored beside it, the copy opens and decrypts.
        File.Copy(keyFile, copy + ".key");
        await using var restored = Start(copy);
        Assert.Equal("whsec_the-secret", restored.Services.GetRequiredService<IntegrationSecrets>().Unprotect(stored));
    }

    [Fact]
    public async Task A_different_key_file_is_refused_at_start()
    {
        await using (var first = Start(Database))
            first.Services.GetRequiredService<IntegrationSecrets>().Protect("x");
        File.WriteAllText(Database + ".key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var refused = Assert.ThrowsAny<Exception>(() => Start(Database).Dispose());
        Assert.Contains("cannot be opened", refused.ToString());
    }

    [Fact]
    public async Task Keys_an_older_version_stored_unencrypted_are_encrypted_at_the_first_start()
    {
        await using (var migrate = Start(Database)) { }
        File.Delete(Database + ".key");
        await using (var db = NewDb(Database)) await db.DataProtectionKeys.ExecuteDeleteAsync();
        var stored = BareDataProtection(Database).CreateProtector("WebhookConsole.Integrations.Secrets.v1").Protect("legacy secret");
        await using (var db = NewDb(Database))
            Assert.Contains("masterKey", (await RingKeys(db).SingleAsync()).Xml);

        await using var upgraded = Start(Database);
        Assert.True(File.Exists(Database + ".key"));
        Assert.Equal("legacy secret", upgraded.Services.GetRequiredService<IntegrationSecrets>().Unprotect(stored));
        await using (var db = NewDb(Database))
        {
            var xml = (await RingKeys(db).SingleAsync()).Xml!;
            Assert.DoesNotContain("masterKey", xml);
            Assert.Contains("encryptedSecret", xml);
        }
    }

    [Fact]
    public async Task A_certificate_can_protect_the_key_ring_instead()
    {
        var pfx = Path.Combine(folder, "keyring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=WebhookConsole key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        string stored;
        await using (var first = Start(Database, ("DataProtection:CertificatePath", pfx), ("DataProtection:CertificatePassword", "pfx-password")))
        {
            stored = first.Services.GetRequiredService<IntegrationSecrets>().Protect("cert secret")!;
            await using var db = first.NewDb();
            Assert.Contains("EncryptedXmlDecryptor", (await RingKeys(db).SingleAsync()).Xml);
        }
        Assert.ThrowsAny<CryptographicException>(() => BareDataProtection(Database).CreateProtector("WebhookConsole.Integrations.Secrets.v1").Unprotect(stored));

        await using (var again = Start(Database, ("DataProtection:CertificatePath", pfx), ("DataProtection:CertificatePassword", "pfx-password")))
            Assert.Equal("cert secret", again.Services.GetRequiredService<IntegrationSecrets>().Unprotect(stored));

        var withoutCertificate = Assert.ThrowsAny<Exception>(() => Start(Database).Dispose());
        Assert.Contains("DataProtection:CertificatePath", withoutCertificate.ToString());
        var missingFile = Assert.ThrowsAny<Exception>(() => Start(Database, ("DataProtection:CertificatePath", pfx + ".gone")).Dispose());
        Assert.Contains("no such file", missingFile.ToString());
    }

    private static ConsoleFactory Start(string database, params (string Key, string Value)[] settings)
    {
        var factory = new ConsoleFactory().With("ConnectionStrings:Sqlite", $"Data Source={database}");
        foreach (var (key, value) in settings) factory.With(key, value);
        try
        {
            _ = factory.Server;
        }
        catch
        {
            factory.Dispose();
            throw;
        }
        return factory;
    }

    /// <summary>The key ring's own keys; the at-rest data key shares their table.</summary>
    private static IQueryable<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> RingKeys(AppDbContext db) =>
        db.DataProtectionKeys.Where(k => k.FriendlyName != AtRestKeyStore.FriendlyName);

    private static IQueryable<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataKeys(AppDbContext db) =>
        db.DataProtectionKeys.Where(k => k.FriendlyName == AtRestKeyStore.FriendlyName);

    private static AppDbContext NewDb(string database) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={database}").Options);

    /// <summary>Data Protection over the database's key table, as the console sets it up but without what protects the ring.</summary>
    private static IDataProtectionProvider BareDataProtection(string database)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddDataProtection().SetApplicationName("WebhookConsole").PersistKeysToDbContext<AppDbContext>();
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }
}
