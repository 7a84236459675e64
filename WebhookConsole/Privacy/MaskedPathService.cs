using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Privacy;

/// <summary>The JSON paths Admins add under Settings → Privacy, masked beside the built-in personal fields. Changes are audited.</summary>
public sealed class MaskedPathService(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public const string EntityType = "MaskedPath";

    public async Task<List<MaskedPath>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MaskedPaths.AsNoTracking().OrderBy(p => p.Path).ToListAsync(ct);
    }

    public async Task<MaskedPath> AddAsync(string? path, string actor, CancellationToken ct = default)
    {
        if (MaskPath.Problem(path) is { } problem)
            throw new ValidationException(new Dictionary<string, string[]> { ["path"] = [problem] });
        var text = path!.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MaskedPaths.AnyAsync(p => p.Path == text, ct))
            throw new ValidationException(new Dictionary<string, string[]> { ["path"] = [$"'{text}' is masked already."] });
        var added = new MaskedPath { Path = text, CreatedAt = time.GetUtcNow(), CreatedBy = actor };
        db.MaskedPaths.Add(added);
        audit.Add(db, actor, "privacy.masked_path_added", EntityType, text, null, new { added.Path });
        await db.SaveChangesAsync(ct);
        return added;
    }

    public async Task RemoveAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var path = await db.MaskedPaths.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new KeyNotFoundException($"Masked path {id} does not exist.");
        db.MaskedPaths.Remove(path);
        audit.Add(db, actor, "privacy.masked_path_removed", EntityType, path.Path, new { path.Path }, null);
        await db.SaveChangesAsync(ct);
    }
}
