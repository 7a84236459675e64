using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebhookConsole.Audit;

namespace WebhookConsole.Inspector;

/// <summary>Bins (create, list, delete, expire) and the requests they capture, at most 100 per bin.</summary>
public sealed class InspectorService(IDbContextFactory<AppDbContext> dbFactory, IOptions<InspectorOptions> options, TimeProvider time, AuditLog audit)
    : EventLogs.IExpiringData
{
    public TimeSpan Retention => options.Value.Retention;

    public static Dictionary<string, string[]> Validate(string? name, int? responseStatus)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name)) errors["name"] = ["Name is required."];
        else if (name.Trim().Length > 100) errors["name"] = ["Name must be at most 100 characters."];
        else if (name.Any(char.IsControl)) errors["name"] = ["Name may not contain control characters."];
        if (responseStatus is < 200 or > 599) errors["responseStatus"] = ["Response status must be an HTTP status from 200 to 599."];
        return errors;
    }

    /// <param name="baseUrl">Where the console is reached (scheme and host), unless `Inspector:BaseUrl` says otherwise.</param>
    public async Task<BinView> CreateAsync(BinRequest request, string actor, string baseUrl, CancellationToken ct = default)
    {
        var errors = Validate(request.Name, request.ResponseStatus);
        if (errors.Count > 0) throw new ValidationException(errors);
        var now = time.GetUtcNow();
        var bin = new InspectorBin
        {
            Id = Ids.New("bin", time),
            Name = request.Name!.Trim(),
            ResponseStatus = request.ResponseStatus ?? 200,
            CreatedAt = now,
            ExpiresAt = now + Retention,
            CreatedBy = actor,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.InspectorBins.Add(bin);
        audit.Add(db, actor, "inspector.bin_created", "InspectorBin", bin.Id, null, Snapshot(bin));
        await db.SaveChangesAsync(ct);
        return View(bin, baseUrl);
    }

    /// <summary>Live bins, newest first.</summary>
    public async Task<List<BinView>> ListAsync(string baseUrl, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bins = await db.InspectorBins.AsNoTracking().Where(b => b.ExpiresAt > now).ToListAsync(ct);
        return bins.OrderByDescending(b => b.CreatedAt).Select(b => View(b, baseUrl)).ToList();
    }

    public async Task DeleteAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bin = await db.InspectorBins.FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw NotFound(id);
        db.InspectorBins.Remove(bin);
        audit.Add(db, actor, "inspector.bin_deleted", "InspectorBin", bin.Id, Snapshot(bin), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The bin's requests, newest first; 404 for an unknown or expired bin.</summary>
    public async Task<InspectedRequestList> RequestsAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        _ = await FindLiveAsync(db, id, ct) ?? throw NotFound(id);
        return new InspectedRequestList((await RowsAsync(db, id, 0, ct)).Select(View).ToList());
    }

    /// <summary>Captured rows with their raw body bytes (signatures are checked against these), newest first, newer than <paramref name="after"/>.</summary>
    public async Task<List<InspectedRequest>> RowsAsync(string binId, long after = 0, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, binId, after, ct);
    }

    private static Task<List<InspectedRequest>> RowsAsync(AppDbContext db, string binId, long after, CancellationToken ct) =>
        db.InspectedRequests.AsNoTracking().Where(r => r.BinId == binId && r.Id > after)
            .OrderByDescending(r => r.Id).Take(InspectorOptions.MaxRequestsPerBin).ToListAsync(ct);

    /// <summary>The live bin with this id, or null (unknown or expired): `/inspect/{id}` answers 404 then.</summary>
    public async Task<InspectorBin?> FindLiveAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindLiveAsync(db, id, ct);
    }

    /// <summary>Stores a capture and trims the bin to its newest 100 requests.</summary>
    public async Task<long> RecordAsync(InspectorBin bin, Capture capture, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = new InspectedRequest
        {
            BinId = bin.Id,
            ReceivedAt = time.GetUtcNow(),
            Method = capture.Method,
            Path = capture.Path,
            Headers = capture.Headers,
            Body = capture.Body,
            BodyLength = capture.BodyLength,
            SourceAddress = capture.SourceAddress,
            StatusReturned = bin.ResponseStatus,
        };
        db.InspectedRequests.Add(row);
        await db.SaveChangesAsync(ct);
        var oldestKept = await db.InspectedRequests.Where(r => r.BinId == bin.Id).OrderByDescending(r => r.Id)
            .Skip(InspectorOptions.MaxRequestsPerBin - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (oldestKept is { } floor)
            await db.InspectedRequests.Where(r => r.BinId == bin.Id && r.Id < floor).ExecuteDeleteAsync(ct);
        return row.Id;
    }

    /// <summary>Retention: expired bins go, their requests with them (cascade).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expired = await db.InspectorBins.Where(b => b.ExpiresAt <= now).Select(b => b.Id).ToListAsync(ct);
        if (expired.Count == 0) return 0;
        // Requests first: not every SQLite connection enforces the cascade.
        await db.InspectedRequests.Where(r => expired.Contains(r.BinId)).ExecuteDeleteAsync(ct);
        return await db.InspectorBins.Where(b => expired.Contains(b.Id)).ExecuteDeleteAsync(ct);
    }

    public string UrlOf(string binId, string baseUrl) =>
        (string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? baseUrl : options.Value.BaseUrl).TrimEnd('/') + "/inspect/" + binId;

    public BinView View(InspectorBin b, string baseUrl) => new(b.Id, b.Name, UrlOf(b.Id, baseUrl), b.ResponseStatus, b.CreatedAt, b.ExpiresAt, b.CreatedBy);

    public static InspectedRequestView View(InspectedRequest r)
    {
        using var headers = JsonDocument.Parse(r.Headers);
        return new InspectedRequestView(r.Id, r.ReceivedAt, r.Method, r.Path, headers.RootElement.Clone(), Encoding.UTF8.GetString(r.Body),
            r.BodyLength, r.BodyLength > r.Body.Length, r.SourceAddress, r.StatusReturned);
    }

    private async Task<InspectorBin?> FindLiveAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.InspectorBins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.ExpiresAt > now, ct);
    }

    private static KeyNotFoundException NotFound(string id) => new($"Inspector bin '{id}' does not exist or has expired.");

    private static object Snapshot(InspectorBin b) => new { b.Name, b.ResponseStatus, b.ExpiresAt };

    /// <summary>Why a recorded request's signatures cannot be checked, if they cannot: they cover the whole body, and only its first 256 KiB was kept.</summary>
    public static string? WhyNotCheckable(InspectedRequest request) => request.BodyLength > request.Body.Length
        ? $"Not checked: the body was {request.BodyLength:N0} bytes and only the first {request.Body.Length:N0} were kept, while the signatures cover all of it."
        : null;
}
