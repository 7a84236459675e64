namespace WebhookConsole.Dispatch;

/// <summary>What <see cref="IntegrationThrottle.TryEnter"/> allows a claim.</summary>
public enum Admission
{
    /// <summary>Over its integration's cap (or the slow integrations' shared budget): it waits in memory for a slot.</summary>
    Parked,
    /// <summary>Attempt it now; the worker waits for the answer up to the slow threshold.</summary>
    Run,
    /// <summary>Attempt it now without holding a worker: its integration is slow.</summary>
    Detached,
}
