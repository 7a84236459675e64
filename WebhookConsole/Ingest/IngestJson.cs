using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookConsole.Ingest;

/// <summary>
/// The single event's answer, serialized by generated code (the API's camelCase, as the reflection-based serializer wrote
/// it): on the hottest request that path ran the serializer's converters and an async state machine per answer.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventAccepted))]
internal sealed partial class IngestJson : JsonSerializerContext;
