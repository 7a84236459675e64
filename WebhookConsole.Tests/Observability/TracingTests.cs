using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Observability;

[Trait("Lane", "Integration")]
public sealed partial class TracingTests
{
    [GeneratedRegex("^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$")]
    private static partial Regex TraceParent();

    [Fact]
    public async Task An_otlp_receiver_gets_the_spans_of_an_event_and_its_delivery()
    {
        await using var collector = await TestReceiver.StartAsync(); // a real OTLP/HTTP endpoint: answers 200 with an empty (valid) protobuf message
        await using var hooks = await TestReceiver.StartAsync();
        await using var factory = new IngestFactory(fakeTime: false, recordQueue: false);
        factory.With("Delivery:AllowPrivateNetworks", "true")
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseUrl)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("OTEL_BSP_SCHEDULE_DELAY", "200");
        await factory.SeedSourcesAsync();
        var id = "int_t" + Guid.NewGuid().ToString("N")[..10];
        await factory.AddIntegrationAsync(id, IntegrationKind.Loyalty, url: hooks.Url);
        await factory.AddRuleAsync("program", "prg-1", ["loyalty.points_earned"], id);

        var accepted = await factory.ApiClient().PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var delivered = await hooks.NextAsync(TimeSpan.FromSeconds(45), "the delivery");
        var traceParent = delivered.Header("traceparent");
        Assert.NotNull(traceParent);
        var match = TraceParent().Match(traceParent);
        Assert.True(match.Success, $"traceparent '{traceParent}' is not W3C trace context");
        Assert.Equal(1, Convert.ToInt32(match.Groups[2].Value, 16) & 1); // sampled: a collector is configured
        var traceId = Convert.FromHexString(match.Groups[1].Value);

        // Protobuf carries span names as UTF-8 strings and the trace id as its 16 raw bytes.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        string[] names = ["ingest", "route", "store", "deliver", "claim", "send", "record"];
        while (true)
        {
            var exported = collector.Requests.Where(r => r.Path == "/v1/traces").SelectMany(r => r.Body).ToArray();
            var text = Encoding.UTF8.GetString(exported);
            var missing = names.Where(n => !text.Contains(n, StringComparison.Ordinal)).ToList();
            var hasTrace = exported.AsSpan().IndexOf(traceId) >= 0;
            if (missing.Count == 0 && hasTrace && text.Contains("WebhookConsole", StringComparison.Ordinal)) break;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The collector got {collector.Requests.Count(r => r.Path == "/v1/traces")} trace exports ({exported.Length} bytes); " +
                            $"missing span names: {string.Join(", ", missing)}; the delivery's trace {(hasTrace ? "found" : "not found")}.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Deliveries_carry_a_traceparent_without_a_collector()
    {
        await using var hooks = await TestReceiver.StartAsync();
        await using var factory = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "true");
        var integration = await factory.AddIntegrationAsync(hooks.Url);
        await factory.AddDeliveryAsync(integration);
        var delivered = await hooks.NextAsync(TimeSpan.FromSeconds(45), "the delivery");
        Assert.Matches(TraceParent(), delivered.Header("traceparent") ?? "(none)");
    }
}
