using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Serilog;
using WebhookConsole.Hosting;

namespace WebhookConsole;

public static class ConfigurationExtensions
{
    /// <summary>
    /// The top-level appsettings.json ships beside the binary; it is inserted first so that
    /// environment variables and --Key=value arguments still override it.
    /// </summary>
    public static WebApplicationBuilder AddSharedConfiguration(this WebApplicationBuilder builder)
    {
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        return builder;
    }

    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With<LogValueEscaper>()
            .Enrich.With<Privacy.PersonalDataLogEnricher>()
            // The message already carries its named values; printing the leftover properties only added " {}" or EventId noise.
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));
        CachingLoggerFactory.Decorate(builder.Services);
        return builder;
    }
}
