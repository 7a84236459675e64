using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WebhookConsole.Identity;

namespace WebhookConsole.Observability;

/// <summary>
/// Readiness and liveness probes, metrics (Prometheus text at /metrics, and OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is
/// set) and traces.
/// </summary>
public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddReadinessChecks();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("webhookconsole", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                // No cached scrape: a scrape right after a delivery shows it (the exporter would otherwise answer from a
                // copy up to 300 ms old; scrapes come every few seconds at most).
                metrics.AddMeter(ConsoleMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ConsoleTracing.SourceName).AddHttpClientInstrumentation();
                // Without a collector nothing is recorded, but spans still exist unsampled, so deliveries carry a
                // `traceparent` a receiver can log and join to its own traces. A request's own span is only worth its
                // cost per request (a sampling decision and the instrumentation's callbacks) when it can be exported.
                if (otlp)
                    tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path)).AddOtlpExporter();
                else tracing.SetSampler(new AlwaysOffSampler());
            });
        return builder;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthEndpoints();
        // A scrape network of its own may be trusted with the figures; otherwise any user key but an Ingest one reads them.
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Configuration.GetValue("Metrics:AllowAnonymous", false)) metrics.AllowAnonymous();
        else metrics.RequireAuthorization(Policies.Api);
        return app;
    }
}
