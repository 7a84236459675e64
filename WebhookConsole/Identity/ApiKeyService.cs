using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WebhookConsole.Audit;
using WebhookConsole.Data;

namespace WebhookConsole.Identity;

public sealed record CreatedApiKey(ApiKey Key, string Value);

public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AuditLog audit, ILogger<ApiKeyService> logger) : IDisposable
{
    /// <summary>
    /// How long a lookup is reused. A revocation on this node drops its entry at once; another node of a cluster still
    /// accepts the revoked key for at most this long.
    /// </summary>
    public static readonly TimeSpan LookupCacheDuration = TimeSpan.FromSeconds(5);

    // Its own bounded cache: lookups of random wrong keys are cached too (so they cost no query), and must not grow
    // the process without limit.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>How many presented values <see cref="recent"/> holds before it starts over (wrong keys must not grow it).</summary>
    private const int MaxRecent = 64;

    /// <summary>
    /// The last lookups by the value as presented, in front of <see cref="cache"/>: a hit skips hashing the value (SHA-256
    /// through OpenSSL), two strings and the cache's own bookkeeping on every API call. Filled only from the database, with
    /// the same expiry as the cached lookup, and emptied with every change of a key, so it never answers longer than the
    /// cache would.
    /// </summary>
    private readonly ConcurrentDictionary<string, (ApiKey? Key, long Until)> recent = new(StringComparer.Ordinal);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public async Task<CreatedApiKey> CreateAsync(string name, string role, string actor, CancellationToken ct = default)
    {
        var errors = Validate(name, role);
        if (errors.Count > 0) throw new ValidationException(errors);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Names tell keys apart in the list and the audit log: two live keys never share one.
            var lower = name.Trim().ToLower();
            if (await db.ApiKeys.AnyAsync(k => k.RevokedAt == null && k.Name.ToLower() == lower, ct))
                throw new ConflictException($"An active API key is already named '{name.Trim()}'; choose another name.");
        }
        var value = "whc_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = await AddAsync(name.Trim(), role, value, actor, ct);
        return new CreatedApiKey(key, value);
    }

    public static Dictionary<string, string[]> Validate(string? name, string? role)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["Name is required."];
        else if (name.Trim().Length > 100) errors["name"] = ["Name must be at most 100 characters."];
        else if (name.Any(char.IsControl)) errors["name"] = ["Name may not contain control characters."];
        if (!Roles.IsApiKeyRole(role)) errors["role"] = [$"Role must be one of {string.Join(", ", Roles.ApiKeyRoles)}."];
        return errors;
    }

    /// <summary>
    /// Makes sure a full-rights key with this exact value exists (Bootstrap:ApiKey). A key an admin revoked stays
    /// revoked at every start: configuration must not undo a revocation. A new value makes a new key.
    /// </summary>
    public async Task EnsureAsync(string value, CancellationToken ct = default)
    {
        var hash = Hash(value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash, ct);
        if (existing is null)
            await AddAsync("Bootstrap key", Roles.Admin, value, ApiKey.BootstrapActor, ct);
        else if (existing.RevokedAt is not null)
            logger.LogWarning("Bootstrap:ApiKey is the revoked key {KeyId}; it stays revoked. Set a new value to get a working bootstrap key", existing.Id);
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
        recent.Clear();
    }

    /// <summary>Finds the live key for a presented value; cached briefly so ingest does not hit the database per request.</summary>
    public async Task<ApiKey?> FindActiveAsync(string value, CancellationToken ct = default)
    {
        var now = time.GetTimestamp();
        if (recent.TryGetValue(value, out var seen) && now < seen.Until) return seen.Key;
        var hash = Hash(value);
        if (cache.TryGetValue(CacheKey(hash), out ApiKey? cached)) return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        cache.Set(CacheKey(hash), key, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = LookupCacheDuration });
        if (recent.Count >= MaxRecent) recent.Clear();
        recent[value] = (key, now + (long)(LookupCacheDuration.TotalSeconds * time.TimestampFrequency));
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
        recent.Clear();
        return key;
    }

    /// <summary>Key lookups (hits and misses) held in memory now.</summary>
    internal long CachedLookups => cache.Count;

    public void Dispose() => cache.Dispose();

    private static object Snapshot(ApiKey k) => new { k.Name, k.Role, k.Prefix, k.RevokedAt };
    private static string CacheKey(string hash) => "apikey:" + hash;
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
