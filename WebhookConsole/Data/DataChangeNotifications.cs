namespace WebhookConsole.Data;

/// <summary>
/// Changes to stored data that caches elsewhere must hear about, raised here so that <c>Data</c> names no cache: saves on
/// this node (<see cref="ReferenceDataChangeInterceptor"/>) and, on PostgreSQL, other nodes' signals (<see cref="ClusterListener"/>).
/// Caches subscribe when they are created; handlers run on the thread that saw the change and must be quick.
/// </summary>
public sealed class DataChangeNotifications
{
    /// <summary>A source, push rule, integration or mapping variable was saved, here or on another node.</summary>
    public event Action? ReferenceDataChanged;

    /// <summary>Another node deleted this integration or switched it on or off (<see cref="ClusterSignals.IntegrationChangedAsync"/>).</summary>
    public event Action<string>? IntegrationChanged;

    /// <summary>The cluster connection was (re)opened: changes made meanwhile went unheard, so anything cached may be stale.</summary>
    public event Action? ChangesMissed;

    public void RaiseReferenceDataChanged() => ReferenceDataChanged?.Invoke();

    public void RaiseIntegrationChanged(string integrationId) => IntegrationChanged?.Invoke(integrationId);

    public void RaiseChangesMissed() => ChangesMissed?.Invoke();
}
