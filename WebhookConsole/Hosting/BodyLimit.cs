using Microsoft.AspNetCore.Http.Metadata;

namespace WebhookConsole.Hosting;

/// <summary>Endpoint metadata: the most bytes of request body this endpoint accepts (see <see cref="RequestBodyLimits"/>).</summary>
public sealed record BodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}
