namespace WebhookConsole.Dispatch;

/// <summary>
/// A new delivery's webhook-id is its own id under the message prefix (<c>dlv_X</c> sends <c>msg_X</c>), so a search by
/// webhook-id finds it by primary key. Only rows whose webhook-id is not derived that way (replays keep the original's,
/// rows stored before) need an entry in the MessageId index, which holds just those (<see cref="NotDerivedSql"/>): every
/// other delivery saves that index's entry at insert and again at its outcome. Stored webhook-ids never change.
/// </summary>
public static class DeliveryMessageIds
{
    private const string DeliveryPrefix = "dlv_";
    private const string MessagePrefix = "msg_";

    /// <summary>
    /// The index's condition, written as EF writes the search's test <c>d.MessageId != "msg" + d.Id.Substring(3)</c>
    /// (SQLite uses a partial index only for a query whose condition contains the index's own, term for term).
    /// </summary>
    public const string NotDerivedSql = "\"MessageId\" <> ('msg' || substr(\"Id\", 3 + 1))";

    /// <summary><see cref="NotDerivedSql"/> as EF writes it on PostgreSQL.</summary>
    public const string NotDerivedPostgresSql = "\"MessageId\" <> ('msg' || substring(\"Id\", 4))";

    /// <summary>The webhook-id of a new delivery with id <paramref name="deliveryId"/> (<c>dlv_X</c> gives <c>msg_X</c>).</summary>
    public static string For(string deliveryId) =>
        deliveryId.StartsWith(DeliveryPrefix, StringComparison.Ordinal) ? MessagePrefix + deliveryId[DeliveryPrefix.Length..]
            : throw new ArgumentException($"'{deliveryId}' is not a delivery id.", nameof(deliveryId));

    /// <summary>
    /// The id of the delivery whose derived webhook-id <paramref name="messageId"/> would be; null when it cannot be one.
    /// The exact inverse of <see cref="NotDerivedSql"/> for delivery ids (they all begin with "dlv"), whatever their length.
    /// </summary>
    public static string? DeliveryIdOf(string messageId) =>
        messageId.StartsWith("msg", StringComparison.Ordinal) ? "dlv" + messageId[3..] : null;
}
