using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>bUnit: the one-click views above the event-log filters.</summary>
[Trait("Lane", "Component")]
public class DeliveryQuickViewsTests : BunitContext, IAsyncLifetime
{
    public DeliveryQuickViewsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Failing_selects_retrying_and_failed_and_shows_how_many()
    {
        IReadOnlyList<DeliveryStatus>? chosen = null;
        var views = Render<DeliveryQuickViews>(p => p
            .Add(x => x.FailingCount, 1234).Add(x => x.SkippedCount, 2)
            .Add(x => x.OnSelect, (IReadOnlyList<DeliveryStatus> s) => chosen = s));

        Assert.Contains("Failing · 1,234", views.Find("#view-failing").TextContent);
        Assert.Contains("Skipped · 2", views.Find("#view-skipped").TextContent);
        Assert.Contains("mud-chip-filled", views.Find("#view-all").ClassName);
        views.Find("#view-failing").Click();
        Assert.Equal([DeliveryStatus.Retrying, DeliveryStatus.Failed], chosen);
        views.Find("#view-skipped").Click();
        Assert.Equal([DeliveryStatus.Skipped], chosen);
        views.Find("#view-all").Click();
        Assert.Empty(chosen!);
    }

    [Fact]
    public void The_chosen_view_is_marked()
    {
        var views = Render<DeliveryQuickViews>(p => p.Add(x => x.Statuses, [DeliveryStatus.Failed, DeliveryStatus.Retrying]));
        Assert.Contains("mud-chip-filled", views.Find("#view-failing").ClassName);
        Assert.DoesNotContain("mud-chip-filled", views.Find("#view-all").ClassName);
    }

    [Fact]
    public void Filtering_on_failed_alone_says_how_many_are_still_retrying()
    {
        IReadOnlyList<DeliveryStatus>? chosen = null;
        var views = Render<DeliveryQuickViews>(p => p
            .Add(x => x.Statuses, [DeliveryStatus.Failed]).Add(x => x.FailingCount, 5).Add(x => x.Total, 0)
            .Add(x => x.OnSelect, (IReadOnlyList<DeliveryStatus> s) => chosen = s));

        Assert.Contains("5 more deliveries are retrying", views.Find("#retrying-hint").TextContent);
        views.Find("#show-failing").Click();
        Assert.Equal(DeliveryViews.FailingStatuses, chosen);
    }

    [Theory]
    [InlineData(DeliveryStatus.Failed, 3, 3)] // all failing ones are failed
    [InlineData(DeliveryStatus.Succeeded, 5, 0)] // another status: nothing to say
    public void No_hint_when_nothing_is_left_out(DeliveryStatus status, int failing, int total)
    {
        var views = Render<DeliveryQuickViews>(p => p.Add(x => x.Statuses, [status]).Add(x => x.FailingCount, failing).Add(x => x.Total, total));
        Assert.Empty(views.FindAll("#retrying-hint"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
