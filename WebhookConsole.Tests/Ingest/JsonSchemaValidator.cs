using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// A small JSON Schema (draft 2020-12) validator for the keywords our schemas use. An unknown keyword throws, so a
/// schema can never silently use something this validator ignores.
/// </summary>
public sealed partial class JsonSchemaValidator(JsonElement root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "deprecated", "$comment", "examples", "default", "$defs", "then", "else"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTime();

    public static JsonSchemaValidator Parse(string schema) => new(JsonDocument.Parse(schema).RootElement.Clone());

    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    public List<string> Validate(string json) => Validate(JsonDocument.Parse(json).RootElement);

    /// <summary>Fails the test with every violation and the payload itself.</summary>
    public void AssertValid(byte[] payload)
    {
        var json = System.Text.Encoding.UTF8.GetString(payload);
        var errors = Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + json);
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False) { errors.Add($"{path}: not allowed"); return; }
        foreach (var keyword in schema.EnumerateObject())
        {
            var k = keyword.Value;
            switch (keyword.Name)
            {
                case var a when Annotations.Contains(a):
                    break;
                case "type":
                    var types = k.ValueKind == JsonValueKind.Array ? k.EnumerateArray().Select(t => t.GetString()!).ToList() : [k.GetString()!];
                    if (!types.Any(t => IsType(value, t))) errors.Add($"{path}: expected {string.Join("|", types)}, got {value.ValueKind}");
                    break;
                case "enum":
                    if (!k.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value))) errors.Add($"{path}: {value.GetRawText()} is not one of {k.GetRawText()}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(k, value)) errors.Add($"{path}: must be {k.GetRawText()}");
                    break;
                case "required":
                    if (value.ValueKind == JsonValueKind.Object)
                        foreach (var name in k.EnumerateArray())
                            if (!value.TryGetProperty(name.GetString()!, out _)) errors.Add($"{path}: missing required '{name.GetString()}'");
                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                        foreach (var property in k.EnumerateObject())
                            if (value.TryGetProperty(property.Name, out var child)) Check(property.Value, child, $"{path}.{property.Name}", errors);
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                        foreach (var property in value.EnumerateObject().Where(p => !declared.Contains(p.Name)))
                            if (k.ValueKind == JsonValueKind.False) errors.Add($"{path}: unexpected property '{property.Name}'");
                            else Check(k, property.Value, $"{path}.{property.Name}", errors);
                    }
                    break;
                case "propertyNames":
                    if (value.ValueKind == JsonValueKind.Object)
                        foreach (var property in value.EnumerateObject())
                            Check(k, JsonSerializer.SerializeToElement(property.Name), $"{path}[name '{property.Name}']", errors);
                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in value.EnumerateArray()) Check(k, item, $"{path}[{i++}]", errors);
                    }
                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < k.GetInt32()) errors.Add($"{path}: fewer than {k.GetInt32()} items");
                    break;
                case "maxItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > k.GetInt32()) errors.Add($"{path}: more than {k.GetInt32()} items");
                    break;
                case "minLength":
                    if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length < k.GetInt32()) errors.Add($"{path}: shorter than {k.GetInt32()}");
                    break;
                case "maxLength":
                    if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > k.GetInt32()) errors.Add($"{path}: longer than {k.GetInt32()}");
                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, k.GetString()!)) errors.Add($"{path}: '{value.GetString()}' does not match {k.GetString()}");
                    break;
                case "format":
                    if (k.GetString() != "date-time") throw new NotSupportedException($"format {k.GetString()}");
                    if (value.ValueKind == JsonValueKind.String && !(DateTime().IsMatch(value.GetString()!)
                        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
                        errors.Add($"{path}: '{value.GetString()}' is not an RFC 3339 date-time");
                    break;
                case "$ref":
                    Check(Resolve(k.GetString()!), value, path, errors);
                    break;
                case "if":
                    var matches = new List<string>();
                    Check(k, value, path, matches);
                    var branch = matches.Count == 0 ? "then" : "else";
                    if (schema.TryGetProperty(branch, out var chosen)) Check(chosen, value, path, errors);
                    break;
                case "allOf":
                    foreach (var sub in k.EnumerateArray()) Check(sub, value, path, errors);
                    break;
                case "anyOf":
                    if (!k.EnumerateArray().Any(sub => { var e = new List<string>(); Check(sub, value, path, e); return e.Count == 0; }))
                        errors.Add($"{path}: matches none of the anyOf schemas");
                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() < k.GetDecimal()) errors.Add($"{path}: less than {k.GetDecimal()}");
                    break;
                case "oneOf":
                    var passing = k.EnumerateArray().Count(sub => { var e = new List<string>(); Check(sub, value, path, e); return e.Count == 0; });
                    if (passing != 1) errors.Add($"{path}: matches {passing} of the oneOf schemas, not exactly one");
                    break;
                default:
                    throw new NotSupportedException($"Schema keyword '{keyword.Name}' at {path} is not supported by this validator.");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new NotSupportedException($"$ref {reference}");
        var node = root;
        foreach (var part in reference[2..].Split('/')) node = node.GetProperty(part);
        return node;
    }

    private static bool IsType(JsonElement v, string type) => type switch
    {
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => v.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type {type}"),
    };
}
