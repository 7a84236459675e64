using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace WebhookConsole.Data;

/// <summary>
/// One writer for the hot paths (attempts, delivery status, ingested events): concurrent callers queue
/// their changes and the writer commits whatever has gathered in one transaction, so SQLite's single
/// write lock is taken once per group instead of once per caller. Each caller's task completes only
/// after its changes are committed. Inside the group's transaction a unit that reads sees what earlier units
/// wrote; if anything fails, the group is rolled back and each unit is committed alone, so only the offending
/// caller sees the error.
/// Units no one is waiting on to go on (<see cref="WriteSqlLaterAsync"/>: attempt outcomes) may wait up to
/// <see cref="Linger"/> for company: they ride in the next group that must commit now (an ingest, a claim), or commit
/// together once <see cref="Linger"/> has passed or <see cref="LaterTarget"/> of them have gathered. Every commit writes each
/// page it touched to the log, so many outcomes in one commit share their index and table pages instead of each commit
/// logging them again.
/// </summary>
public sealed class GroupCommitWriter : BackgroundService
{
    private const int MaxGroup = 512;

    /// <summary>Longest a deferrable unit waits for a group to share; off the path from ingest to receiver.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);

    /// <summary>Deferrable units that are enough for a group of their own without waiting for <see cref="Linger"/>.</summary>
    public const int LaterTarget = 128;

    /// <param name="Reads">The unit queries the database, so what earlier units wrote must be flushed before it runs.</param>
    /// <param name="Sql">A unit of plain SQL statements, run in order with the others on the group's connection.</param>
    /// <param name="Later">The unit may wait up to <see cref="Linger"/> for a group to share.</param>
    private sealed record WriteOp(Func<AppDbContext, SqlBatch, Task>? Apply, TaskCompletionSource Done, bool Reads, Action<SqlBatch>? Sql = null, bool Later = false);

    private readonly Channel<WriteOp> channel = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly ILogger<GroupCommitWriter> logger;
    /// <summary>The writer's own context and open connection, kept from group to group (both providers).</summary>
    private (AppDbContext Db, SqlBatch Sql)? kept;
    // Queued units that must not wait, and deferrable ones: the writer lingers only while the first is zero and the second
    // below LaterTarget; an enqueuer that changes that wakes it (lingering is set while it waits).
    private int urgentQueued;
    private int laterQueued;
    private TaskCompletionSource? lingering;

    public GroupCommitWriter(IDbContextFactory<AppDbContext> dbFactory, ILogger<GroupCommitWriter> logger)
    {
        this.dbFactory = dbFactory;
        this.logger = logger;
    }

    /// <summary>
    /// Queues a unit of work that may read (inside the group's transaction, so it sees everything committed before, and
    /// no other writer can commit in between) and add entities or run plain SQL on the same transaction, and waits until
    /// it is committed. It must not call SaveChanges.
    /// </summary>
    public Task WriteAsync(Func<AppDbContext, SqlBatch, Task> apply) => Enqueue(apply, reads: true);

    /// <summary>
    /// Queues plain SQL statements (the hot path of the dispatcher: an attempt and a status per delivery) and waits
    /// until they are committed. Statements reuse the group's prepared commands, which costs a fraction of change tracking.
    /// </summary>
    public Task WriteSqlAsync(Action<SqlBatch> apply) =>
        Enqueue(new WriteOp(null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Reads: false, apply));

    /// <summary>
    /// As <see cref="WriteSqlAsync{T}(Func{SqlBatch, T})"/> for statements whose commit nothing waits on to go on (an attempt's
    /// outcome, recorded after its slot passed on): they may wait up to <see cref="Linger"/> to share a group.
    /// </summary>
    public async Task<T> WriteSqlLaterAsync<T>(Func<SqlBatch, T> apply)
    {
        T result = default!;
        await Enqueue(new WriteOp(null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Reads: false,
            sql => { result = apply(sql); }, Later: true));
        return result;
    }

    /// <summary>
    /// As <see cref="WriteSqlAsync(Action{SqlBatch})"/> for statements whose result the caller needs (a conditional
    /// update's row count, an <c>UPDATE … RETURNING</c>); the result is handed over only once the group has committed.
    /// </summary>
    public async Task<T> WriteSqlAsync<T>(Func<SqlBatch, T> apply)
    {
        T result = default!;
        await WriteSqlAsync(sql => { result = apply(sql); }); // a statement lambda: the Action overload, not this one
        return result;
    }

    private Task Enqueue(Func<AppDbContext, SqlBatch, Task> apply, bool reads) =>
        Enqueue(new WriteOp(apply, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), reads));

    private Task Enqueue(WriteOp op)
    {
        // Counted before it is queued, so the writer never drains a unit it has not counted.
        var queued = Interlocked.Increment(ref Counter(op));
        var wake = !op.Later || queued >= LaterTarget;
        if (!channel.Writer.TryWrite(op))
        {
            Interlocked.Decrement(ref Counter(op));
            op.Done.SetException(new InvalidOperationException("The writer has stopped."));
        }
        else if (wake) Volatile.Read(ref lingering)?.TrySetResult();
        return op.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = channel.Reader;
        var group = new List<WriteOp>(MaxGroup);
        // Keep draining after stop is requested so callers already waiting are committed, not dropped.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            Drain(reader, group);
            if (group.Count == 0) continue;
            if (group.Count < MaxGroup && group.TrueForAll(op => op.Later) && await LingerAsync(stoppingToken)) Drain(reader, group);
            await CommitAsync(group);
        }
        await ReleaseKeptAsync();
    }

    private ref int Counter(WriteOp op) => ref op.Later ? ref laterQueued : ref urgentQueued;

    private void Drain(ChannelReader<WriteOp> reader, List<WriteOp> group)
    {
        while (group.Count < MaxGroup && reader.TryRead(out var op))
        {
            group.Add(op);
            Interlocked.Decrement(ref Counter(op));
        }
    }

    /// <summary>
    /// Waits, with a group of deferrable units only, until a unit that must not wait is queued, <see cref="LaterTarget"/>
    /// deferrable ones are, <see cref="Linger"/> has passed, or the host stops. False when there was nothing to wait for.
    /// </summary>
    private async Task<bool> LingerAsync(CancellationToken stoppingToken)
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref lingering, woken); // a full fence: an enqueuer either sees it or is seen below
        try
        {
            if (Volatile.Read(ref urgentQueued) > 0 || Volatile.Read(ref laterQueued) >= LaterTarget || stoppingToken.IsCancellationRequested)
                return false;
            await using (stoppingToken.UnsafeRegister(static w => ((TaskCompletionSource)w!).TrySetResult(), woken))
            await using (new Timer(static w => ((TaskCompletionSource)w!).TrySetResult(), woken, Linger, Timeout.InfiniteTimeSpan))
                await woken.Task;
            return true;
        }
        finally
        {
            Volatile.Write(ref lingering, null);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<WriteOp> group)
    {
        try
        {
            // PostgreSQL keeps its connection too: one server backend then holds the hot statements' generic plans (one
            // replan after an autoanalyze, not one per pooled connection) and maps the shared buffers once, where a pooled
            // connection per group rotated through every idle backend (~4 first-touch page faults per delivery).
            kept ??= await KeepAsync(await dbFactory.CreateDbContextAsync());
            if (kept.Value.Db.Database.IsSqlite()) await CommitInTransactionAsync(kept.Value.Db, kept.Value.Sql, group);
            else await CommitOnPostgresAsync(kept.Value.Db, group);
            foreach (var op in group) op.Done.TrySetResult();
        }
        catch (Exception groupError) when (group.Count > 1)
        {
            // Something in the group failed and the whole transaction rolled back: redo each unit alone,
            // so only the offending caller sees its error.
            logger.LogDebug(groupError, "A group of {Count} writes failed; committing them one by one", group.Count);
            await ReleaseKeptAsync();
            foreach (var op in group)
            {
                try
                {
                    await CommitAloneAsync(op);
                    op.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    op.Done.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            await ReleaseKeptAsync();
            group[0].Done.TrySetException(e);
        }
    }

    /// <summary>A group on PostgreSQL (every node writes), on the writer's kept context.</summary>
    private static async Task CommitOnPostgresAsync(AppDbContext db, List<WriteOp> group)
    {
        db.Database.AutoSavepointsEnabled = false;
        if (db is PostgresDbContext && group.TrueForAll(op => op.Sql is not null))
        {
            await CommitPostgresSqlAsync(db, group);
            return;
        }
        using var sql = new SqlBatch(db.Database.GetDbConnection(), null) { Cipher = AtRestCipher.Of(db) };
        await CommitInTransactionAsync(db, sql, group);
    }

    /// <summary>
    /// One transaction for the group. EF changes of consecutive plain units are flushed together, and always before a unit
    /// that reads or runs SQL, so every unit sees what the ones before it wrote.
    /// </summary>
    private static async Task CommitInTransactionAsync(AppDbContext db, SqlBatch sql, List<WriteOp> group)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        sql.UseTransaction(tx.GetDbTransaction());
        try
        {
            var unflushed = false;
            foreach (var op in group)
            {
                if (unflushed && (op.Reads || op.Sql is not null))
                {
                    await FlushAsync(db);
                    unflushed = false;
                }
                if (op.Sql is not null)
                {
                    op.Sql(sql);
                    continue;
                }
                sql.RunGathered();
                await op.Apply!(db, sql);
                if (op.Reads) await FlushAsync(db);
                else unflushed = true;
            }
            sql.RunGathered();
            if (unflushed) await FlushAsync(db);
            await tx.CommitAsync();
        }
        finally
        {
            sql.UseTransaction(null);
        }
    }

    /// <summary>
    /// The kept writer connection's page cache: 2 MiB (512 pages of 4 KiB) instead of the 16 MiB every connection gets. A
    /// b-tree rebalance parks a page under the lock-byte page's number (262,145) for a moment, and the commit after it then
    /// sweeps the cache's whole hash table to drop pages past the end of the file: with 16 MiB that sweep walked ~4,000 pages
    /// and buckets in a third of all commits, 5 % of the console's CPU per single event. The writer's hot pages (the right
    /// edges of the tables and indexes it appends to) fit in far less; other pages come from the memory map or the log.
    /// </summary>
    private const string WriterCacheSize = "PRAGMA cache_size=-2048;";

    /// <summary>
    /// The writer's own context and connection, kept open from group to group. SQLite: nothing else writes the hot tables,
    /// so the connection's page cache stays valid and its statements are parsed once; a pooled connection per group read
    /// the pages again and parsed every statement again. PostgreSQL: one server process keeps the statements' plans.
    /// </summary>
    private static async Task<(AppDbContext Db, SqlBatch Sql)> KeepAsync(AppDbContext db)
    {
        try
        {
            db.Database.AutoSavepointsEnabled = false;
            await db.Database.OpenConnectionAsync();
            if (db.Database.IsSqlite())
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = WriterCacheSize;
                await command.ExecuteNonQueryAsync();
            }
            return (db, new SqlBatch(db.Database.GetDbConnection(), null) { Cipher = AtRestCipher.Of(db) });
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the kept context (after a failed group, whatever state it was left in, and at stop).</summary>
    private async Task ReleaseKeptAsync()
    {
        if (kept is not { } held) return;
        kept = null;
        try
        {
            held.Sql.Dispose();
            await held.Db.Database.CloseConnectionAsync();
            await held.Db.DisposeAsync();
        }
        catch (Exception e)
        {
            // The next group opens a fresh connection whatever became of this one; the writer must not stop over it.
            logger.LogWarning(e, "The group writer's database connection did not close cleanly");
        }
    }

    /// <summary>
    /// PostgreSQL, a group of plain SQL units only: the transaction begins when the first statement is about to run, and a
    /// group that comes down to one gathered statement (the outcomes of many workers) runs it on its own: a single statement
    /// is atomic by itself, so the group saves its BEGIN and the COMMIT round trip.
    /// </summary>
    private static async Task CommitPostgresSqlAsync(AppDbContext db, List<WriteOp> group)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        DbTransaction? tx = null;
        var alone = false;
        try
        {
            using (var sql = new SqlBatch(connection, null) { Cipher = AtRest.AtRestCipher.Of(db) })
            {
                sql.BeforeStatement = () =>
                {
                    if (tx is null && !alone) tx = connection.BeginTransaction();
                };
                foreach (var op in group) op.Sql!(sql);
                alone = tx is null && sql.PendingGatherings <= 1;
                sql.RunGathered();
            }
            if (tx is not null) await tx.CommitAsync();
        }
        finally
        {
            if (tx is not null) await tx.DisposeAsync();
        }
    }

    private async Task CommitAloneAsync(WriteOp op)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync();
        using (var sql = new SqlBatch(db.Database.GetDbConnection(), tx.GetDbTransaction()) { Cipher = AtRestCipher.Of(db) })
        {
            if (op.Sql is not null) op.Sql(sql);
            else await op.Apply!(db, sql);
            sql.RunGathered();
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    private static async Task FlushAsync(AppDbContext db)
    {
        // Most units write plain SQL and track nothing: skip SaveChanges' own overhead then.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
