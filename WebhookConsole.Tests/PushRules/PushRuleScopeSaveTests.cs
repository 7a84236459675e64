using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.PushRules;

/// <summary>The push rules page saves a whole scope at once: all rows or none.</summary>
[Trait("Lane", "Integration")]
public class PushRuleScopeSaveTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();
    private PushRuleService service = default!;
    private static readonly PushRuleScope Program1 = new("program", "prg-1");

    public async Task InitializeAsync()
    {
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_loy", IntegrationKind.Loyalty);
        await factory.AddIntegrationAsync("int_loy2", IntegrationKind.Loyalty);
        service = factory.Services.GetRequiredService<PushRuleService>();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Rows_are_created_updated_and_deleted_in_one_go_and_audited()
    {
        var saved = await service.SaveScopeAsync(Program1,
        [
            new PushRuleDraft { EventTypes = ["loyalty.points_earned"], Destinations = ["int_loy"] },
            new PushRuleDraft { EventTypes = ["loyalty.level_changed"], Destinations = ["int_loy2"] },
        ], "pm@test");
        Assert.Equal(2, saved.Count);

        var current = await service.ListAsync("program", "prg-1");
        var keep = PushRuleDraft.From(current.Single(r => r.EventTypes.Contains("loyalty.points_earned")));
        keep.Destinations = ["int_loy", "int_loy2"];
        await service.SaveScopeAsync(Program1, [keep, new PushRuleDraft { EventTypes = ["loyalty.reward_offered"], Destinations = [] }], "pm@test");

        var after = await service.ListAsync("program", "prg-1");
        Assert.Equal(2, after.Count);
        Assert.Equal(["int_loy", "int_loy2"], after.Single(r => r.Id == keep.Id).Destinations);
        Assert.DoesNotContain(after, r => r.EventTypes.Contains("loyalty.level_changed"));
        await using var db = factory.NewDb();
        var actions = await db.AuditEntries.Where(a => a.EntityType == "PushRule").Select(a => a.Action).ToListAsync();
        Assert.Equal(3, actions.Count(a => a == "pushrule.created"));
        Assert.Equal(1, actions.Count(a => a == "pushrule.updated"));
        Assert.Equal(1, actions.Count(a => a == "pushrule.deleted"));
    }

    [Fact]
    public async Task One_bad_row_saves_nothing_and_names_the_row()
    {
        await service.SaveScopeAsync(Program1, [new PushRuleDraft { EventTypes = ["loyalty.points_earned"], Destinations = ["int_loy"] }], "pm@test");
        var existing = PushRuleDraft.From((await service.ListAsync("program", "prg-1")).Single());
        existing.Destinations = [];

        var error = await Assert.ThrowsAsync<ValidationException>(() => service.SaveScopeAsync(Program1,
            [existing, new PushRuleDraft { EventTypes = [], Destinations = ["int_loy"] }], "pm@test"));

        Assert.True(error.Errors.ContainsKey("rules[1].eventTypes"));
        Assert.Equal(["int_loy"], (await service.ListAsync("program", "prg-1")).Single().Destinations);
    }

    [Fact]
    public async Task Saving_over_someone_elses_change_is_a_conflict()
    {
        await service.SaveScopeAsync(Program1, [new PushRuleDraft { EventTypes = ["loyalty.points_earned"], Destinations = ["int_loy"] }], "pm@test");
        var mine = PushRuleDraft.From((await service.ListAsync("program", "prg-1")).Single());
        var theirs = PushRuleDraft.From((await service.ListAsync("program", "prg-1")).Single());
        theirs.Destinations = ["int_loy2"];
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        await service.SaveScopeAsync(Program1, [theirs], "other@test");

        mine.Destinations = [];
        await Assert.ThrowsAsync<ConflictException>(() => service.SaveScopeAsync(Program1, [mine], "pm@test"));
        Assert.Equal(["int_loy2"], (await service.ListAsync("program", "prg-1")).Single().Destinations);
    }

    [Fact]
    public async Task An_unknown_scope_is_refused()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => service.SaveScopeAsync(new PushRuleScope("program", "prg-404"), [], "pm@test"));
        Assert.True(error.Errors.ContainsKey("scope.id"));
    }
}
