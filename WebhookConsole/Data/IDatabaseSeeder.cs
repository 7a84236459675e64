namespace WebhookConsole.Data;

/// <summary>
/// A start-up step a module adds to the database (Identity's roles, first admin and bootstrap API key), registered as a
/// scoped service and run by <see cref="DatabaseInitializer"/> after the migrations, in registration order, before demo
/// data: <c>Data</c> runs it without naming the module.
/// </summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(CancellationToken ct);
}
