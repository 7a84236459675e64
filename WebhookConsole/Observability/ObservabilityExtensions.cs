namespace WebhookConsole.Observability;

/// <summary>Readiness and liveness probes, metrics and traces.</summary>
public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddReadinessChecks();
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthEndpoints();
        return app;
    }
}
