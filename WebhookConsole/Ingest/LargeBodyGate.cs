namespace WebhookConsole.Ingest;

/// <summary>
/// At most `Ingest:MaxLargeBodies` (1) batch body over 1 MiB is read and processed at a time; more wait their turn,
/// without their body read, for up to 30 s. Each such batch holds its body and parsed events in memory (up to about
/// three times its 32 MiB), so this is what keeps any number of concurrent large batches within a fixed memory budget.
/// </summary>
public sealed class LargeBodyGate(IConfiguration config) : IDisposable
{
    public const long Threshold = 1024 * 1024;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim slots = new(Math.Max(1, config.GetValue("Ingest:MaxLargeBodies", 1)));

    /// <summary>A slot for a body of this announced length (null: unknown, treated as large); null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(long? contentLength, CancellationToken ct)
    {
        if (contentLength <= Threshold) return Slot.None;
        return await slots.WaitAsync(MaxWait, ct) ? new Slot(slots) : null;
    }

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim? slots) : IDisposable
    {
        public static readonly Slot None = new(null);
        private SemaphoreSlim? held = slots;
        public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
    }
}
