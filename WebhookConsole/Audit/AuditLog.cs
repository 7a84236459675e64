using System.Text.Json;
using WebhookConsole.Data;

namespace WebhookConsole.Audit;

/// <summary>Adds audit entries to the caller's unit of work, so the change and its record commit together.</summary>
public sealed class AuditLog(TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Add(AppDbContext db, string actor, string action, string entityType, string? entityId, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
}
