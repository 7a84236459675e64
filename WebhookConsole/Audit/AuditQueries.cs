using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Audit;

public sealed record AuditFilter(string? EntityType = null, string? EntityId = null, string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextBeforeId)
{
    /// <summary>What people call the entities of this page, by id: users by e-mail (their ids mean nothing to a reader).</summary>
    public IReadOnlyDictionary<string, string> EntityNames { get; init; } = new Dictionary<string, string>();
}

/// <summary>The audit log page's reads: newest first, keyset-paged on the entry id.</summary>
public sealed class AuditQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<AuditPage> ListAsync(AuditFilter filter, int limit = 50, long? beforeId = null, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) q = q.Where(a => a.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var id = filter.EntityId.Trim();
            q = q.Where(a => a.EntityId == id);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().ToLower();
            q = q.Where(a => a.Actor.ToLower().Contains(actor));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action)) q = q.Where(a => a.Action == filter.Action);
        if (filter.From is { } from) q = q.Where(a => a.At >= from);
        if (filter.To is { } to) q = q.Where(a => a.At < to);
        if (beforeId is { } before) q = q.Where(a => a.Id < before);
        var rows = await q.OrderByDescending(a => a.Id).Take(limit + 1).ToListAsync(ct);
        long? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = rows[^1].Id;
        }
        return new AuditPage(rows, next) { EntityNames = await UserEmailsAsync(db, rows, ct) };
    }

    private static async Task<Dictionary<string, string>> UserEmailsAsync(AppDbContext db, List<AuditEntry> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.EntityType == "User" && r.EntityId is not null).Select(r => r.EntityId!).Distinct().ToList();
        if (ids.Count == 0) return [];
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
    }

    public async Task<(List<string> EntityTypes, List<string> Actions)> FacetsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var types = await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        var actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(t => t).ToListAsync(ct);
        return (types, actions);
    }
}

/// <summary>One changed field of an audit entry, by JSON path.</summary>
public sealed record AuditChange(string Field, string? Before, string? After)
{
    public bool Added => Before is null && After is not null;
    public bool Removed => After is null && Before is not null;
}

/// <summary>Compares the before and after snapshots of an audit entry field by field (nested objects by dotted path).</summary>
public static class AuditDiff
{
    public static List<AuditChange> Compare(string? beforeJson, string? afterJson, bool includeUnchanged = false)
    {
        var before = Flatten(beforeJson);
        var after = Flatten(afterJson);
        var fields = before.Keys.Union(after.Keys).ToList();
        var changes = new List<AuditChange>();
        foreach (var field in fields)
        {
            before.TryGetValue(field, out var b);
            after.TryGetValue(field, out var a);
            if (includeUnchanged || b != a) changes.Add(new AuditChange(field, b, a));
        }
        return changes;
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return result;
        System.Text.Json.Nodes.JsonNode? root;
        try { root = System.Text.Json.Nodes.JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { result["(value)"] = json; return result; }
        Walk(root, "", result);
        return result;
    }

    private static void Walk(System.Text.Json.Nodes.JsonNode? node, string path, Dictionary<string, string?> into)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj) Walk(child, path.Length == 0 ? key : path + "." + key, into);
                break;
            case System.Text.Json.Nodes.JsonArray arr when arr.All(x => x is System.Text.Json.Nodes.JsonValue or null):
                into[path.Length == 0 ? "(value)" : path] = string.Join(", ", arr.Select(Text));
                break;
            case null:
                into[path.Length == 0 ? "(value)" : path] = "null";
                break;
            default:
                into[path.Length == 0 ? "(value)" : path] = Text(node);
                break;
        }
    }

    private static string Text(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
