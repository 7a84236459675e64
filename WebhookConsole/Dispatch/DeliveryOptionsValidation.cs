using Microsoft.Extensions.Options;

namespace WebhookConsole.Dispatch;

/// <summary>The `Delivery:*` rules attributes cannot say: a readable retry schedule, positive times, a lease that outlasts an attempt.</summary>
public sealed class DeliveryOptionsValidation : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = DeliveryOptions.ParseSchedule(options.RetrySchedule ?? "");
        }
        catch (InvalidOperationException e)
        {
            failures.Add(e.Message);
        }
        foreach (var (key, span) in new[]
                 {
                     ("SettingsCacheDuration", options.SettingsCacheDuration), ("ConnectTimeout", options.ConnectTimeout),
                     ("Timeout", options.Timeout), ("SlowAttemptAfter", options.SlowAttemptAfter),
                     ("LeaseDuration", options.LeaseDuration), ("SweepInterval", options.SweepInterval),
                 })
        {
            if (span <= TimeSpan.Zero)
                failures.Add($"Delivery:{key} is {span:c}; use a positive time span such as 00:00:15.");
        }
        if (string.IsNullOrWhiteSpace(options.SignatureHeader))
            failures.Add("Delivery:SignatureHeader must not be empty; leave it out for X-Qualifio-Signature.");

        // A claim must outlast one whole attempt and its recording, or no attempt could ever start under it.
        var needed = options.Timeout + DeliveryClaims.RecordMargin;
        if (options.LeaseDuration <= needed)
            failures.Add($"Delivery:LeaseDuration is {options.LeaseDuration:c}; it must be longer than Delivery:Timeout ({options.Timeout:c}) plus {DeliveryClaims.RecordMargin.TotalSeconds:0} s, e.g. {needed + TimeSpan.FromSeconds(30):c}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
