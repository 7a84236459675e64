using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Authorization;
using WebhookConsole.Identity;

namespace WebhookConsole.Dispatch;

public static class DispatchExtensions
{
    public static WebApplicationBuilder AddDispatch(this WebApplicationBuilder builder)
    {
        var options = DeliveryOptions.FromConfiguration(builder.Configuration, builder.Environment.IsDevelopment());
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<IntegrationSettingsCache>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IWebhookSender>(sp => sp.GetRequiredService<WebhookSender>());
        services.AddSingleton<IntegrationThrottle>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton<DeliveryProcessor>();
        services.AddTransient<DeliveryJob>();
        services.AddTransient<DeliveryReconciler>();
        services.AddHostedService<DeliveryPump>();

        // The database is the durable outbox; Hangfire runs the timers and housekeeping, in memory on a single node.
        // Storage and activator are this host's own services rather than Hangfire's process-wide statics,
        // so several hosts in one process (tests, the benchmark) never hand jobs to each other.
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) }));
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer(o =>
        {
            o.Queues = [DeliveryDispatcher.Queue, "default"];
            // Hangfire runs only timers (retries coming due) and housekeeping; the attempts run on DeliveryPump.
            o.WorkerCount = 4;
            // A 1 s retry must not wait long for the scheduler.
            o.SchedulePollingInterval = TimeSpan.FromMilliseconds(250);
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            // In-flight attempts finish within their own timeout and are recorded before the process exits.
            o.ShutdownTimeout = options.Timeout + TimeSpan.FromSeconds(5);
        });
        services.Configure<HostOptions>(o =>
        {
            var needed = options.Timeout + TimeSpan.FromSeconds(10);
            if (o.ShutdownTimeout < needed) o.ShutdownTimeout = needed;
        });
        services.AddHostedService<DispatchStartup>();
        return builder;
    }

    public static WebApplication MapDispatch(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [new HangfireDashboardAuthorization()],
                DashboardTitle = "WebhookConsole jobs",
                AppPath = "/",
            }, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
        return app;
    }
}
