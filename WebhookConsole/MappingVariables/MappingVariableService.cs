using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.MappingVariables;

/// <summary>Create, change and delete mapping variables, each change audited in the same transaction.</summary>
public sealed class MappingVariableService(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public async Task<List<MappingVariable>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MappingVariables.AsNoTracking().OrderBy(v => v.Name).ToListAsync(ct);
    }

    public async Task<MappingVariable> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MappingVariables.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct)
            ?? throw new KeyNotFoundException($"Mapping variable '{id}' does not exist.");
    }

    public async Task<MappingVariable> CreateAsync(MappingVariableRequest r, string actor, CancellationToken ct = default)
    {
        Throw(MappingVariableValidator.Validate(r));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var variable = new MappingVariable { Id = Ids.New("mvar", time) };
        Apply(variable, r);
        await RefuseDuplicateAsync(db, variable, ct);
        db.MappingVariables.Add(variable);
        audit.Add(db, actor, "mappingvariable.created", "MappingVariable", variable.Id, null, MappingVariableDto.From(variable));
        await SaveAsync(db, variable, ct);
        return variable;
    }

    public async Task<MappingVariable> UpdateAsync(string id, MappingVariableRequest r, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var variable = await db.MappingVariables.FirstOrDefaultAsync(v => v.Id == id, ct)
            ?? throw new KeyNotFoundException($"Mapping variable '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(variable, expectedVersion, "mapping variable");
        Throw(MappingVariableValidator.Validate(r));
        var before = MappingVariableDto.From(variable);
        Apply(variable, r);
        await RefuseDuplicateAsync(db, variable, ct);
        audit.Add(db, actor, "mappingvariable.updated", "MappingVariable", variable.Id, before, MappingVariableDto.From(variable));
        await SaveAsync(db, variable, ct);
        return variable;
    }

    public async Task DeleteAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var variable = await db.MappingVariables.FirstOrDefaultAsync(v => v.Id == id, ct)
            ?? throw new KeyNotFoundException($"Mapping variable '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(variable, expectedVersion, "mapping variable");
        db.MappingVariables.Remove(variable);
        audit.Add(db, actor, "mappingvariable.deleted", "MappingVariable", variable.Id, MappingVariableDto.From(variable), null);
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(MappingVariable v, MappingVariableRequest r)
    {
        v.Name = r.Name!.Trim();
        v.Label = r.Label!.Trim();
        v.Type = r.Type!.Trim();
        v.SourceId = r.SourceId!.Trim();
    }

    private static async Task RefuseDuplicateAsync(AppDbContext db, MappingVariable v, CancellationToken ct)
    {
        if (await db.MappingVariables.AnyAsync(x => x.Name == v.Name && x.Id != v.Id, ct))
            throw Duplicate(v.Name);
    }

    /// <summary>The unique index decides when two requests race for one name.</summary>
    private static async Task SaveAsync(AppDbContext db, MappingVariable v, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw Duplicate(v.Name);
        }
    }

    private static ConflictException Duplicate(string name) =>
        new($"A mapping variable named '{name}' already exists; technical names are unique.");

    private static void Throw(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors);
    }
}
