using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.PushRules;

/// <summary>Scope kinds of push rules. Participation rules live on the account, a website or a campaign; loyalty rules on a program.</summary>
public static class PushRuleScopes
{
    public const string Account = "account";
    public const string Website = "website";
    public const string Campaign = "campaign";
    public const string Program = "program";
    public static readonly string[] All = [Account, Website, Campaign, Program];

    public static bool IsLoyalty(string kind) => kind == Program;

    /// <summary>The event types a scope of this kind may route.</summary>
    public static IReadOnlyList<string> EventTypesFor(string kind) => IsLoyalty(kind) ? EventTypes.Loyalty : EventTypes.Participation;

    /// <summary>The integration kind a scope of this kind sends to.</summary>
    public static string IntegrationKindFor(string kind) => IsLoyalty(kind) ? IntegrationKind.Loyalty : IntegrationKind.Participation;

    public static string Label(string kind) => kind switch
    {
        Account => "Account",
        Website => "Website",
        Campaign => "Campaign",
        Program => "Program",
        _ => kind,
    };
}

/// <summary>A push rule's scope as the API writes it: `{kind, id}` (no id for the account).</summary>
public sealed record PushRuleScope(string? Kind, string? Id)
{
    public static readonly PushRuleScope Account = new(PushRuleScopes.Account, null);
    public override string ToString() => Id is null ? Kind ?? "" : $"{Kind}:{Id}";
}
