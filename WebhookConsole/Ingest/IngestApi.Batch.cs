using System.Text.Json;

namespace WebhookConsole.Ingest;

internal static partial class IngestApi
{
    /// <summary>
    /// Walks a batch body with a reader and parses each event into a document of its own over its slice of the body. One
    /// document over a 32 MiB body would rent its token table (12 bytes per token, up to six times the body) from the
    /// shared array pool, which keeps such arrays after use: concurrent large batches then held gigabytes. Per-event
    /// tables are small. Refuses what <c>{"events": [ … ]}</c> is not, naming the field.
    /// </summary>
    private static (List<JsonElement> Events, IResult? TooLarge) ReadBatch(ReadOnlyMemory<byte> body)
    {
        var errors = new FieldErrors();
        var events = new List<JsonElement>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add("body", "A batch is an object: {\"events\": [ … ]}.");
                reader.Skip();
            }
            else
            {
                var count = -1;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    if (name != "events" || count >= 0)
                    {
                        errors.Add(name, name == "events" ? "events appears twice; send it once." : $"Unknown field '{name}'. A batch holds only \"events\".");
                        reader.Skip();
                        continue;
                    }
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }
                    count = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (count >= EventParser.MaxBatchEvents) { reader.Skip(); count++; continue; }
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        var size = (int)reader.BytesConsumed - start;
                        JsonElement item;
                        try
                        {
                            item = JsonDocument.Parse(body.Slice(start, size), DocumentOptions).RootElement;
                        }
                        catch (JsonException e)
                        {
                            errors.Add($"events[{count}]", Api.DuplicateProperty.Message(e) ?? "This event is not valid JSON.");
                            count++;
                            continue;
                        }
                        catch (InvalidOperationException)
                        {
                            errors.Add($"events[{count}]", Api.JsonText.LoneSurrogate);
                            count++;
                            continue;
                        }
                        if (item.ValueKind == JsonValueKind.Object && size > EventParser.MaxEventBytes)
                            return ([], TooLarge($"events[{count}]", $"Event {count} is {size / 1024} KiB; an event may be at most {EventParser.MaxEventBytes / 1024} KiB. Nothing was stored."));
                        events.Add(item);
                        count++;
                    }
                }
                if (count < 0)
                    errors.Add("events", "events is required: a list of 1 to 1000 events.");
                else if (count is 0 or > EventParser.MaxBatchEvents)
                    errors.Add("events", $"A batch holds 1 to {EventParser.MaxBatchEvents} events; this one has {count}. Split it.");
            }
            // Anything after the batch object is an error the reader raises here.
            reader.Read();
        }
        catch (JsonException e)
        {
            return ([], InvalidJson(e));
        }
        catch (InvalidOperationException)
        {
            // A batch-level property name holding a lone surrogate.
            return ([], LoneSurrogate("body"));
        }
        errors.ThrowIfAny();
        return (events, null);
    }
}
