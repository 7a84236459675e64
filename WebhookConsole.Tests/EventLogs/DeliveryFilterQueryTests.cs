using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>The event logs' URL query: what FromQuery reads and ToQuery writes.</summary>
[Trait("Lane", "Unit")]
public class DeliveryFilterQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void It_reads_every_part_of_the_query()
    {
        var f = DeliveryFilter.FromQuery("?status=failed,skipped&integrationId=int_a&eventType=participation.completed&range=7d&q=%20part-9%20");
        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Skipped], f.Statuses);
        Assert.Equal("int_a", f.IntegrationId);
        Assert.Equal("participation.completed", f.EventType);
        Assert.Equal("7d", f.Range);
        Assert.Null(f.From);
        Assert.Equal("part-9", f.Search);
    }

    [Fact]
    public void Failing_expands_and_is_written_back_by_name()
    {
        var f = DeliveryFilter.FromQuery("status=failing");
        Assert.Equal(DeliveryViews.FailingStatuses, f.Statuses);
        Assert.Equal("status=failing", f.ToQuery());
    }

    [Fact]
    public void Custom_days_are_whole_utc_days_with_an_exclusive_end()
    {
        var f = DeliveryFilter.FromQuery("range=custom&from=2026-01-02&to=2026-01-04");
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), f.From);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), f.To);
        Assert.Equal("range=custom&from=2026-01-02&to=2026-01-04", f.ToQuery());

        var oneDay = DeliveryFilter.FromQuery("range=custom&from=2026-01-02");
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), oneDay.To);
    }

    [Theory]
    [InlineData("status=failed&integrationId=int_a&eventType=loyalty.points_earned&range=24h&q=a%20b%26c")]
    [InlineData("status=failing&range=custom&from=2026-01-02&to=2026-01-09")]
    [InlineData("range=custom")]
    [InlineData("")]
    public void It_round_trips(string query)
    {
        var once = DeliveryFilter.FromQuery(query);
        var again = DeliveryFilter.FromQuery(once.ToQuery());
        Assert.Equal(query, once.ToQuery());
        Assert.Equal(once.Statuses, again.Statuses);
        Assert.Equal(once with { Statuses = [] }, again with { Statuses = [] });
    }

    [Fact]
    public void Bad_values_are_ignored()
    {
        var f = DeliveryFilter.FromQuery("status=failed,nonsense&eventType=bogus.event&range=forever&from=2026-01-02&integrationId=%20&q=%20");
        Assert.Equal([DeliveryStatus.Failed], f.Statuses);
        Assert.Null(f.EventType);
        Assert.Null(f.Range);
        Assert.Null(f.From);
        Assert.Null(f.IntegrationId);
        Assert.Null(f.Search);

        var badDay = DeliveryFilter.FromQuery("range=custom&from=yesterday&to=2026-01-04");
        Assert.Equal(DeliveryRanges.Custom, badDay.Range);
        Assert.Null(badDay.From);
        Assert.Null(badDay.To);
        Assert.True(DeliveryFilter.FromQuery("?range=any").IsEmpty);
    }

    [Fact]
    public void Resolving_turns_a_relative_range_into_a_start_and_keeps_custom_days()
    {
        var relative = DeliveryFilter.FromQuery("range=24h&status=failed").Resolve(Now);
        Assert.Equal(Now.AddHours(-24), relative.From);
        Assert.Null(relative.To);
        Assert.Null(relative.Range);

        var custom = DeliveryFilter.FromQuery("range=custom&from=2026-01-02").Resolve(Now);
        Assert.Equal((new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)), (custom.From!.Value, custom.To!.Value));
    }

    [Fact]
    public void The_export_gets_the_resolved_filter_in_the_api_names()
    {
        var parameters = DeliveryFilter.FromQuery("status=failing&range=1h&q=evt_1").Resolve(Now).ToExportParameters();
        Assert.Equal("retrying,failed", parameters["status"]);
        Assert.Equal("2026-01-10T11:00:00.0000000Z", parameters["from"]);
        Assert.Null(parameters["to"]);
        Assert.Equal("evt_1", parameters["search"]);
    }

    [Fact]
    public void The_description_names_the_filter_in_words()
    {
        var names = new Dictionary<string, string> { ["int_a"] = "Alpha CRM" };
        Assert.Equal("Showing failing (retrying or failed) deliveries to Alpha CRM created in the last 7 days.",
            DeliveryFilterText.Describe(DeliveryFilter.FromQuery("status=failing&integrationId=int_a&range=7d"), names));
        Assert.Equal("Failed deliveries created 2026-01-02 – 2026-01-04 (UTC) matching “x”.",
            DeliveryFilterText.Describe(DeliveryFilter.FromQuery("status=failed&range=custom&from=2026-01-02&to=2026-01-04&q=x"), names, forDialog: true));
    }
}
