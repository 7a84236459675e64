namespace WebhookConsole.Tests.Observability;

/// <summary>
/// The console's meter is process-wide, and every app a test starts listens to it: tests that read exact counts run
/// alone, so no other app's deliveries land in the same scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
