namespace WebhookConsole.Dispatch;

public static class DispatchExtensions
{
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        var options = DeliveryOptions.FromConfiguration(builder.Configuration, builder.Environment.IsDevelopment());
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<DispatchNode>();
        services.AddSingleton<IntegrationSettingsCache>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IntegrationThrottle>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<DeliveryScheduler>();
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<DeliveryScheduler>());
        services.AddSingleton<DeliveryProcessor>();
        services.AddTransient<DeliveryReconciler>();
        if (options.Enabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeliveryScheduler>());
            services.AddHostedService<DeliveryPump>();
            services.AddHostedService<DispatchStartup>();
        }
        return builder;
    }
}
