using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Audit;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Audit;

[Trait("Lane", "Integration")]
public class AuditQueriesTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Filters_by_entity_actor_action_and_time_and_pages_newest_first()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = factory.NewDb())
        {
            for (var i = 0; i < 30; i++)
                db.AuditEntries.Add(new AuditEntry
                {
                    At = t0.AddHours(i),
                    Actor = i % 2 == 0 ? "alice@example.com" : "apikey:ops",
                    Action = i % 3 == 0 ? "delivery.replayed" : "website.updated",
                    EntityType = i % 3 == 0 ? "Delivery" : "Website",
                    EntityId = $"id-{i}",
                });
            await db.SaveChangesAsync();
        }
        var audit = factory.Services.GetRequiredService<AuditQueries>();

        var replays = await audit.ListAsync(new AuditFilter(EntityType: "Delivery"), 500);
        Assert.Equal(10, replays.Items.Count);
        Assert.All(replays.Items, e => Assert.Equal("delivery.replayed", e.Action));

        var alice = await audit.ListAsync(new AuditFilter(Actor: "ALICE", Action: "website.updated"), 500);
        Assert.All(alice.Items, e => Assert.Equal("alice@example.com", e.Actor));
        Assert.Equal(10, alice.Items.Count);

        var window = await audit.ListAsync(new AuditFilter(From: t0.AddHours(5), To: t0.AddHours(8)), 500);
        Assert.Equal(["id-7", "id-6", "id-5"], window.Items.Select(e => e.EntityId));

        var first = await audit.ListAsync(new AuditFilter(), 12);
        var second = await audit.ListAsync(new AuditFilter(), 12, first.NextBeforeId);
        var third = await audit.ListAsync(new AuditFilter(), 12, second.NextBeforeId);
        var all = first.Items.Concat(second.Items).Concat(third.Items).Where(e => e.EntityId!.StartsWith("id-", StringComparison.Ordinal)).Select(e => e.EntityId).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Reverse().Select(i => $"id-{i}"), all);
    }

    [Fact]
    public async Task Users_are_named_by_their_e_mail_not_their_id()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WebhookConsole.Identity.UserAdminService>()
                .CreateAsync(new WebhookConsole.Identity.NewUser("carol@example.com", "Carol-Password-123", [WebhookConsole.Identity.Roles.Support]), "test");

        var page = await factory.Services.GetRequiredService<AuditQueries>().ListAsync(new AuditFilter(Action: "user.created"));
        var entry = Assert.Single(page.Items, e => e.Actor == "test");
        Assert.NotEqual("carol@example.com", entry.EntityId);
        Assert.Equal("carol@example.com", page.EntityNames[entry.EntityId!]);
    }
}
