namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// Classes whose tests check when something happens (a retry starts at its due time, not at the next sweep) or read
/// process-wide state (the metrics every host in this process publishes under one meter name): they run with no other
/// test class beside them, so a busy neighbour can neither delay them nor publish into their readings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}
