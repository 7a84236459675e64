using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Data;

namespace WebhookConsole.Audit;

/// <summary>Adds audit entries to the caller's unit of work, so the change and its record commit together.</summary>
public sealed class AuditLog(TimeProvider time)
{
    public const string Mask = "••••••••";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Add(AppDbContext db, string actor, string action, string entityType, string? entityId, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = Snapshot(before),
            After = Snapshot(after),
        });

    /// <summary>
    /// The JSON stored for a before/after snapshot. Callers pass masked snapshots; as a second line of defence any
    /// property named like a secret (secret, password, auth header value, token, hash, *Encrypted …) is masked here too.
    /// </summary>
    public static string? Snapshot(object? value)
    {
        if (value is null) return null;
        var node = JsonSerializer.SerializeToNode(value, Json);
        MaskSecrets(node);
        return node?.ToJsonString(Json);
    }

    public static bool IsSecretName(string name)
    {
        var n = name.Replace("_", "").Replace("-", "").ToLowerInvariant();
        return n.EndsWith("secret") || n.EndsWith("secrets") || n.EndsWith("password") || n.EndsWith("encrypted")
            || n.EndsWith("token") || n.EndsWith("hash") || n.Contains("authheadervalue") || n.Contains("securitystamp")
            || n is "apikey" or "privatekey" or "signingkey";
    }

    private static void MaskSecrets(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (IsSecretName(key) && child is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrEmpty(text))
                        obj[key] = Mask;
                    else if (IsSecretName(key) && child is JsonArray or JsonObject)
                        obj[key] = Mask;
                    else
                        MaskSecrets(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array) MaskSecrets(child);
                break;
        }
    }
}
