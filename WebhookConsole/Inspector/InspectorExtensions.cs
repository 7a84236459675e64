using Microsoft.AspNetCore.RateLimiting;

namespace WebhookConsole.Inspector;

public static class InspectorExtensions
{
    public static WebApplicationBuilder AddInspector(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InspectorOptions>()
            .Bind(builder.Configuration.GetSection(InspectorOptions.Section))
            .Validate(o => o.Retention > TimeSpan.Zero, "Inspector:Retention must be positive, e.g. 7.00:00:00.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl)
                    || (Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.AbsolutePath == "/"),
                "Inspector:BaseUrl must be an absolute http(s) URL without a path, e.g. https://console.example.com.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InspectorService>();
        builder.Services.AddSingleton<CaptureReveals>();
        builder.Services.AddSingleton<InspectorRoute>();
        builder.Services.AddSingleton<Dispatch.IOwnListenerRoute>(sp => sp.GetRequiredService<InspectorRoute>());
        builder.Services.AddSingleton<EventLogs.IExpiringData>(sp => sp.GetRequiredService<InspectorService>());
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, InspectorRateLimit>(InspectorRateLimit.Policy));
        builder.Services.AddSingleton<InspectorMisses>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInspector(this IEndpointRouteBuilder app) => app.MapInspectorEndpoint();
}
