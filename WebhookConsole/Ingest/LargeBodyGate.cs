namespace WebhookConsole.Ingest;

/// <summary>
/// At most `Ingest:MaxLargeBodies` (1) batch body over 1 MiB is read and processed at a time; more wait their turn for
/// up to 30 s, then get 503. Each such batch holds its body and parsed events in memory (several times its size for
/// token-dense JSON), so this is what keeps any number of concurrent large batches within a fixed memory budget.
/// Batches under 1 MiB, the usual case, never wait.
/// </summary>
public sealed class LargeBodyGate(IConfiguration config) : IDisposable
{
    public const long Threshold = 1024 * 1024;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim slots = new(Math.Max(1, config.GetValue("Ingest:MaxLargeBodies", 1)));
    private int waiting;

    /// <summary>Slots free now.</summary>
    public int Free => slots.CurrentCount;

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public void Dispose() => slots.Dispose();

    /// <summary>One request's claim: taken at most once, released when disposed.</summary>
    public sealed class Holder(LargeBodyGate gate) : IDisposable
    {
        private bool held;

        /// <summary>Takes a slot unless already held; false when none came free in time.</summary>
        public async Task<bool> EnterAsync(CancellationToken ct)
        {
            if (held) return true;
            Interlocked.Increment(ref gate.waiting);
            try
            {
                held = await gate.slots.WaitAsync(MaxWait, ct);
            }
            finally
            {
                Interlocked.Decrement(ref gate.waiting);
            }
            return held;
        }

        public void Dispose()
        {
            if (held) gate.slots.Release();
            held = false;
        }
    }
}
