using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WebhookConsole.Audit;
using WebhookConsole.Data;

namespace WebhookConsole.Identity;

public sealed record CreatedApiKey(ApiKey Key, string Value);

public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, IMemoryCache cache, TimeProvider time, AuditLog audit)
{
    private static readonly TimeSpan LookupCacheDuration = TimeSpan.FromSeconds(30);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public async Task<CreatedApiKey> CreateAsync(string name, string role, string actor, CancellationToken ct = default)
    {
        var errors = Validate(name, role);
        if (errors.Count > 0) throw new ValidationException(errors);
        var value = "whc_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = await AddAsync(name.Trim(), role, value, actor, ct);
        return new CreatedApiKey(key, value);
    }

    public static Dictionary<string, string[]> Validate(string? name, string? role)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["Name is required."];
        else if (name.Trim().Length > 100) errors["name"] = ["Name must be at most 100 characters."];
        if (!Roles.IsKnown(role)) errors["role"] = [$"Role must be one of {string.Join(", ", Roles.All)}."];
        return errors;
    }

    /// <summary>Makes sure a full-rights key with this exact value exists (Bootstrap:ApiKey).</summary>
    public async Task EnsureAsync(string value, CancellationToken ct = default)
    {
        var hash = Hash(value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash, ct);
        if (existing is null)
        {
            await AddAsync("Bootstrap key", Roles.Admin, value, "bootstrap", ct);
        }
        else if (existing.RevokedAt is not null || existing.Role != Roles.Admin)
        {
            existing.RevokedAt = null;
            existing.Role = Roles.Admin;
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<List<ApiKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(ct);
        return keys.OrderByDescending(k => k.CreatedAt).ToList();
    }

    public async Task RevokeAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct)
            ?? throw new KeyNotFoundException($"API key '{id}' does not exist.");
        if (key.RevokedAt is not null) return;
        var before = Snapshot(key);
        key.RevokedAt = time.GetUtcNow();
        audit.Add(db, actor, "apikey.revoked", "ApiKey", key.Id, before, Snapshot(key));
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(key.Hash));
    }

    /// <summary>Finds the live key for a presented value; cached briefly so ingest does not hit the database per request.</summary>
    public async Task<ApiKey?> FindActiveAsync(string value, CancellationToken ct = default)
    {
        var hash = Hash(value);
        if (cache.TryGetValue(CacheKey(hash), out ApiKey? cached)) return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        cache.Set(CacheKey(hash), key, LookupCacheDuration);
        return key;
    }

    private async Task<ApiKey> AddAsync(string name, string role, string value, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = new ApiKey
        {
            Id = Ids.New("key", time),
            Name = name,
            Role = role,
            Prefix = value[..Math.Min(value.Length, 8)],
            Hash = Hash(value),
            CreatedBy = actor,
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        audit.Add(db, actor, "apikey.created", "ApiKey", key.Id, null, Snapshot(key));
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(key.Hash));
        return key;
    }

    private static object Snapshot(ApiKey k) => new { k.Name, k.Role, k.Prefix, k.RevokedAt };
    private static string CacheKey(string hash) => "apikey:" + hash;
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
