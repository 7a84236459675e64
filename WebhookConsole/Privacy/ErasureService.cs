using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Privacy;

/// <summary>
/// Takes erasure requests: checks them, counts what matches, records the request (the identifier encrypted, cleared when
/// done) and leaves the removal to <see cref="ErasureJob"/>. The audit log records who asked, when, the erasure's id and,
/// when it ends, what was removed; never the identifier.
/// </summary>
public sealed class ErasureService(
    IDbContextFactory<AppDbContext> dbFactory,
    ErasureMatcher matcher,
    IBackgroundJobClient jobs,
    IDataProtectionProvider protection,
    AuditLog audit,
    TimeProvider time)
{
    public const string EntityType = "Erasure";
    public const string RequestedAction = "privacy.erasure_requested";
    private const string Purpose = "WebhookConsole.Privacy.Erasure.v1";

    internal static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector(Purpose);

    public async Task<ErasureAccepted> RequestAsync(ErasureRequest request, string actor, CancellationToken ct = default)
    {
        var criterion = Validate(request);
        var scope = await matcher.MatchAsync(criterion, ct);
        var erasure = new Erasure
        {
            Id = Ids.New("era", time),
            RequestedAt = time.GetUtcNow(),
            RequestedBy = actor,
            Kind = criterion.Kind,
            CriterionProtected = Protector(protection).Protect(criterion.Value),
            Matched = scope.EventIds.Count,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Erasures.Add(erasure);
        audit.Add(db, actor, RequestedAction, EntityType, erasure.Id, null, new { erasure.Kind, erasure.Matched });
        await db.SaveChangesAsync(ct);
        // Queued once the row exists; from here the request stands whatever the caller does.
        erasure.JobId = jobs.Enqueue<ErasureJob>(j => j.RunAsync(erasure.Id, null, CancellationToken.None));
        await db.SaveChangesAsync(CancellationToken.None);
        return new ErasureAccepted(erasure.Id, erasure.Matched);
    }

    public async Task<ErasureView?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Erasures.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } e ? ErasureView.Of(e) : null;
    }

    internal static object Counts(Erasure e) => new { e.Kind, e.Matched, e.EventsRemoved, e.DeliveriesRemoved, e.AttemptsRemoved, e.InspectorRequestsRemoved };

    /// <summary>Exactly one identifier, not blank; an e-mail address has an @.</summary>
    public static ErasureCriterion Validate(ErasureRequest request)
    {
        var given = new List<ErasureCriterion>();
        if (!string.IsNullOrWhiteSpace(request.MemberId)) given.Add(new(ErasureCriterion.MemberId, request.MemberId.Trim()));
        if (!string.IsNullOrWhiteSpace(request.ParticipationId)) given.Add(new(ErasureCriterion.ParticipationId, request.ParticipationId.Trim()));
        if (!string.IsNullOrWhiteSpace(request.Email)) given.Add(new(ErasureCriterion.Email, request.Email.Trim()));
        const string oneOf = "Give exactly one of 'memberId', 'participationId' or 'email'.";
        if (given.Count == 0)
            throw new ValidationException(new Dictionary<string, string[]> { [ErasureCriterion.MemberId] = [oneOf + " None was given."] });
        if (given.Count > 1)
            throw new ValidationException(given.Skip(1).ToDictionary(c => c.Kind, c => new[] { $"{oneOf} '{given[0].Kind}' was given too." }));
        var criterion = given[0];
        if (criterion.Kind == ErasureCriterion.Email && (criterion.Value.IndexOf('@') is < 1 || criterion.Value.EndsWith('@') || criterion.Value.Length > 320))
            throw new ValidationException(new Dictionary<string, string[]> { [ErasureCriterion.Email] = ["'email' must be an e-mail address, like jane@example.com."] });
        if (criterion.Value.Length > 256 && criterion.Kind != ErasureCriterion.Email)
            throw new ValidationException(new Dictionary<string, string[]> { [criterion.Kind] = [$"'{criterion.Kind}' is at most 256 characters."] });
        return criterion;
    }
}
