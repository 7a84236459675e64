using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using WebhookConsole.Components.Shared;

namespace WebhookConsole.Tests.Components;

/// <summary>bUnit: the one refresh loop of live pages, on a fake clock.</summary>
[Trait("Lane", "Component")]
public sealed class LiveRefreshTests : BunitContext, IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
    private int refreshes;

    public LiveRefreshTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    }

    private IRenderedComponent<LiveRefresh> RenderLoop(bool indicator = false, bool enabled = true, Func<Task>? refresh = null) =>
        Render<LiveRefresh>(p => p
            .Add(x => x.Interval, TimeSpan.FromSeconds(3))
            .Add(x => x.Enabled, enabled)
            .Add(x => x.ShowIndicator, indicator)
            .Add(x => x.OnRefresh, refresh ?? (() => { refreshes++; return Task.CompletedTask; })));

    private void Tick(int expected)
    {
        clock.Advance(TimeSpan.FromSeconds(3));
        SpinWait.SpinUntil(() => Volatile.Read(ref refreshes) >= expected, TimeSpan.FromSeconds(5));
        Assert.Equal(expected, refreshes);
    }

    [Fact]
    public void It_calls_the_page_every_interval_and_not_before()
    {
        var loop = RenderLoop();
        Assert.True(loop.Instance.Running);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, refreshes);
        Tick(1);
        Tick(2);
        Assert.Empty(loop.FindAll("#live-indicator"));
    }

    [Fact]
    public void Paused_by_the_user_it_stops_until_resumed()
    {
        var loop = RenderLoop(indicator: true);
        Assert.Equal("Live", loop.Find("#live-indicator").GetAttribute("aria-label"));
        Tick(1);

        loop.Find("#live-toggle").Click();
        loop.WaitForAssertion(() => Assert.False(loop.Instance.Running), TimeSpan.FromSeconds(2));
        Assert.Equal("Paused", loop.Find("#live-indicator").GetAttribute("aria-label"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, refreshes);

        loop.Find("#live-toggle").Click();
        loop.WaitForAssertion(() => Assert.True(loop.Instance.Running), TimeSpan.FromSeconds(2));
        Tick(2);
    }

    [Fact]
    public void Disabled_by_the_page_it_does_not_run_and_starts_once_enabled()
    {
        var loop = RenderLoop(enabled: false);
        Assert.False(loop.Instance.Running);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, refreshes);

        loop.Render(p => p.Add(x => x.Enabled, true));
        Assert.True(loop.Instance.Running);
        Tick(1);
    }

    [Fact]
    public void A_failing_refresh_is_logged_and_the_loop_goes_on()
    {
        RenderLoop(refresh: () => ++refreshes == 1 ? throw new InvalidOperationException("database away") : Task.CompletedTask);
        Tick(1);
        Tick(2);
    }

    [Fact]
    public async Task Disposed_with_its_page_it_stops()
    {
        var loop = RenderLoop().Instance;
        Tick(1);
        await DisposeComponentsAsync();
        Assert.False(loop.Running);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, refreshes);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
