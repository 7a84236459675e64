namespace WebhookConsole.Domain;

/// <summary>
/// An entity edited by people in parallel: every saved change bumps <see cref="Version"/>, and a save whose row was changed
/// by someone else since it was read fails instead of silently reverting their change (optimistic concurrency).
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
