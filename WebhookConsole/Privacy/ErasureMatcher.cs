using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Privacy;

/// <summary>
/// Finds a person's events. A member or participation id is the events' subject id (indexed); an e-mail address is found
/// through its blind index (<see cref="EmailIndex"/>), and brings the other events of the participations and members it
/// appears in (a start carries no e-mail, its completion does). Only events stored before the index existed are opened and
/// read, a batch at a time.
/// </summary>
public sealed class ErasureMatcher(IDbContextFactory<AppDbContext> dbFactory, AtRestCipher cipher)
{
    public const int ScanBatch = 500;

    public async Task<ErasureScope> MatchAsync(ErasureCriterion criterion, CancellationToken ct)
    {
        var scope = new ErasureScope();
        scope.Identifiers.Add(criterion.Value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (criterion.TypePrefix is { } prefix)
        {
            scope.Subjects.Add((prefix, criterion.Value));
        }
        else
        {
            var hash = EmailIndex.Of(cipher, criterion.Value);
            var rows = await db.Events.AsNoTracking().Where(e => e.EmailHash == hash).Select(e => new { e.Id, e.Type, e.SubjectId }).ToListAsync(ct);
            foreach (var row in rows) Add(scope, row.Id, row.Type, row.SubjectId);
            await ScanUnindexedAsync(db, criterion.Value, scope, ct);
        }

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

    private static void Add(ErasureScope scope, string eventId, string type, string? subjectId)
    {
        scope.EventIds.Add(eventId);
        if (subjectId is { Length: > 0 } subject) scope.Subjects.Add((PrefixOf(type), subject));
    }

    private static async Task ScanUnindexedAsync(AppDbContext db, string email, ErasureScope scope, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var q = db.Events.AsNoTracking().Where(e => e.EmailHash == null);
            if (after is not null) q = q.Where(e => string.Compare(e.Id, after) > 0);
            var rows = await q.OrderBy(e => e.Id).Take(ScanBatch).Select(e => new { e.Id, e.Type, e.SubjectId, e.Data }).ToListAsync(ct);
            foreach (var row in rows.Where(r => JsonValues.Contains(r.Data, v => string.Equals(v.Trim(), email, StringComparison.OrdinalIgnoreCase))))
                Add(scope, row.Id, row.Type, row.SubjectId);
            if (rows.Count < ScanBatch) return;
            after = rows[^1].Id;
        }
    }

    private static string PrefixOf(string type) => type[..(type.IndexOf('.') + 1)];
}
