using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Inspector;

/// <summary>An Admin looking at one bin's captured requests with their personal fields in clear, on purpose: recorded in the audit log.</summary>
public sealed class CaptureReveals(InspectorService inspector, IDbContextFactory<AppDbContext> dbFactory, AuditLog audit)
{
    public const string Action = "inspector.revealed";

    public async Task<InspectedRequestList> RevealAsync(string binId, string actor, CancellationToken ct = default)
    {
        var requests = await inspector.RequestsAsync(binId, ct);
        await RecordAsync(binId, actor, requests.Items.Count, ct);
        return requests;
    }

    /// <summary>The console shows the rows it already holds: only the reveal is recorded.</summary>
    public async Task RecordAsync(string binId, string actor, int requests, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Add(db, actor, Action, "InspectorBin", binId, null, new { requests });
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
