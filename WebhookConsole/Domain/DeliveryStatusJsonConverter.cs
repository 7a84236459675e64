using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookConsole.Domain;

/// <summary>A <see cref="DeliveryStatus"/> in JSON: its lower-case name (as stored), and no numbers.</summary>
public sealed class DeliveryStatusJsonConverter() : JsonStringEnumConverter<DeliveryStatus>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
