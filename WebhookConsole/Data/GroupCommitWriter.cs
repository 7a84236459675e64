using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>
/// One writer for the hot paths (attempts, delivery status, ingested events): concurrent callers queue
/// their changes and the writer commits whatever has gathered in one transaction, so SQLite's single
/// write lock is taken once per group instead of once per caller. Each caller's task completes only
/// after its changes are committed. Units are flushed one after another inside the group's transaction
/// (a failing unit rolls back to its savepoint and fails alone), so each sees what the earlier ones wrote.
/// </summary>
public sealed class GroupCommitWriter : BackgroundService
{
    private const int MaxGroup = 512;

    private sealed record WriteOp(Func<AppDbContext, Task> Apply, TaskCompletionSource Done);

    private readonly Channel<WriteOp> channel = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly ILogger<GroupCommitWriter> logger;

    public GroupCommitWriter(IDbContextFactory<AppDbContext> dbFactory, ILogger<GroupCommitWriter> logger)
    {
        this.dbFactory = dbFactory;
        this.logger = logger;
    }

    public long Commits { get; private set; }
    public long Writes { get; private set; }

    /// <summary>Queues changes (add or attach entities; no queries) and waits until they are committed.</summary>
    public Task WriteAsync(Action<AppDbContext> apply) => WriteAsync(db =>
    {
        apply(db);
        return Task.CompletedTask;
    });

    /// <summary>
    /// Queues a unit of work that may also read (inside the group's transaction, so it sees everything committed
    /// before, and no other writer can commit in between) and waits until it is committed. It must not call SaveChanges.
    /// </summary>
    public Task WriteAsync(Func<AppDbContext, Task> apply)
    {
        var op = new WriteOp(apply, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!channel.Writer.TryWrite(op)) op.Done.SetException(new InvalidOperationException("The writer has stopped."));
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
            while (group.Count < MaxGroup && reader.TryRead(out var op)) group.Add(op);
            if (group.Count == 0) continue;
            await CommitAsync(group);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        channel.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<WriteOp> group)
    {
        var flushed = new List<WriteOp>(group.Count);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            foreach (var op in group)
            {
                try
                {
                    // Each unit is flushed inside the shared transaction, so later units read what earlier ones wrote.
                    // A failing unit is rolled back to EF's automatic savepoint and fails alone.
                    await op.Apply(db);
                    await db.SaveChangesAsync();
                    flushed.Add(op);
                }
                catch (Exception e)
                {
                    op.Done.TrySetException(e);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            await tx.CommitAsync();
            Commits++;
            Writes += flushed.Count;
            foreach (var op in flushed) op.Done.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError(e, "A group commit of {Count} writes failed", flushed.Count);
            foreach (var op in group) op.Done.TrySetException(e);
        }
    }
}
