using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Privacy;

/// <summary>
/// Finds a person's events. A member or participation id is the events' subject id (indexed); an e-mail address is looked
/// for in every event's data, a batch at a time, and brings the other events of the participations and members it
/// appears in (a start carries no e-mail, its completion does).
/// </summary>
public sealed class ErasureMatcher(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int ScanBatch = 500;

    public async Task<ErasureScope> MatchAsync(ErasureCriterion criterion, CancellationToken ct)
    {
        var scope = new ErasureScope();
        scope.Identifiers.Add(criterion.Value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (criterion.TypePrefix is { } prefix)
            scope.Subjects.Add((prefix, criterion.Value));
        else
            await ScanForEmailAsync(db, criterion.Value, scope, ct);

        foreach (var (subjectPrefix, subjectId) in scope.Subjects.ToList())
        {
            var ids = await db.Events.AsNoTracking()
                .Where(e => e.SubjectId == subjectId && e.Type.StartsWith(subjectPrefix))
                .Select(e => e.Id).ToListAsync(ct);
            scope.EventIds.UnionWith(ids);
            scope.Identifiers.Add(subjectId);
        }
        scope.Identifiers.UnionWith(scope.EventIds);
        return scope;
    }

    private static async Task ScanForEmailAsync(AppDbContext db, string email, ErasureScope scope, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var q = db.Events.AsNoTracking();
            if (after is not null) q = q.Where(e => string.Compare(e.Id, after) > 0);
            var rows = await q.OrderBy(e => e.Id).Take(ScanBatch).Select(e => new { e.Id, e.Type, e.SubjectId, e.Data }).ToListAsync(ct);
            foreach (var row in rows.Where(r => JsonValues.Contains(r.Data, v => string.Equals(v, email, StringComparison.OrdinalIgnoreCase))))
            {
                scope.EventIds.Add(row.Id);
                if (row.SubjectId is { Length: > 0 } subject) scope.Subjects.Add((PrefixOf(row.Type), subject));
            }
            if (rows.Count < ScanBatch) return;
            after = rows[^1].Id;
        }
    }

    private static string PrefixOf(string type) => type[..(type.IndexOf('.') + 1)];
}
