namespace WebhookConsole.Dispatch;

public static class DispatchExtensions
{
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDeliveryOptions(builder.Configuration, builder.Environment.IsDevelopment());
        // Which services to register is decided before the container exists, from a provisional copy; the bound and
        // validated one serves everything else.
        var options = builder.Configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        services.AddSingleton<DispatchNode>();
        services.AddSingleton<IntegrationSettingsCache>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IntegrationThrottle>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<DeliveryScheduler>();
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<DeliveryScheduler>());
        services.AddSingleton<DeliveryProcessor>();
        services.AddTransient<DeliveryReconciler>();
        services.AddSingleton<QueueGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueGauges>()); // its gauges exist from the start
        services.AddSingleton<DispatcherHealthCheck>();
        services.AddHealthChecks().AddCheck<DispatcherHealthCheck>("dispatcher", tags: [Observability.HealthEndpoints.ReadyTag]);
        if (options.Enabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeliveryScheduler>());
            services.AddHostedService<DeliveryPump>();
            services.AddHostedService<DispatchStartup>();
        }
        return builder;
    }
}
