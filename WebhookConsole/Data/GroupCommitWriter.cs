using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>
/// One writer for the hot paths (attempts, delivery status, ingested events): concurrent callers queue
/// their changes and the writer commits whatever has gathered in one transaction, so SQLite's single
/// write lock is taken once per group instead of once per caller. Each caller's task completes only
/// after its changes are committed. If a group fails, its changes are retried one by one so only the
/// offending caller sees the error.
/// </summary>
public sealed class GroupCommitWriter : BackgroundService
{
    private const int MaxGroup = 512;

    private sealed record WriteOp(Action<AppDbContext> Apply, TaskCompletionSource Done);

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
    public Task WriteAsync(Action<AppDbContext> apply)
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
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            foreach (var op in group) op.Apply(db);
            await db.SaveChangesAsync();
            Commits++;
            Writes += group.Count;
            foreach (var op in group) op.Done.TrySetResult();
        }
        catch (Exception groupError) when (group.Count > 1)
        {
            logger.LogDebug(groupError, "A group of {Count} writes failed; retrying them one by one", group.Count);
            foreach (var op in group)
            {
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync();
                    op.Apply(db);
                    await db.SaveChangesAsync();
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
            group[0].Done.TrySetException(e);
        }
    }
}
