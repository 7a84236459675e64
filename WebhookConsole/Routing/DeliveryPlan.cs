using WebhookConsole.Dispatch;

namespace WebhookConsole.Routing;

/// <summary>What planning the events of one request decided: deliveries to insert, INCOMPLETE ones to withdraw (never due) and ones to supersede.</summary>
public sealed class DeliveryPlan
{
    public List<Delivery> Add { get; } = [];
    /// <summary>Stored INCOMPLETE deliveries not yet due and never attempted: deleted, the receiver never hears of them.</summary>
    public List<Delivery> Remove { get; } = [];
    /// <summary>Stored INCOMPLETE deliveries already due or retrying: marked `superseded` so the receiver never ends on INCOMPLETE.</summary>
    public List<Delivery> Supersede { get; } = [];
    /// <summary>Stored INCOMPLETE deliveries still waiting, with the payload a later `participation.updated` renders for them.</summary>
    public List<(string Id, byte[] Payload)> Refresh { get; } = [];
}
