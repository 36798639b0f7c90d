using Google.Protobuf;
using Qyl.Ingest.Otlp.Proto.Rpc;

namespace Qyl.Hub.Otlp;

/// <summary>The encodings of an OTLP/HTTP body.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}

/// <summary>
/// Writes OTLP/HTTP responses in the request's encoding. Errors carry a <c>google.rpc.Status</c>, as
/// the OTLP spec asks, whose message says how to fix the request.
/// </summary>
internal static class OtlpHttpResponses
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    // google.rpc.Code values, for the Status body.
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;
    private const int Unavailable = 14;

    public static Task WriteMessageAsync(HttpContext context, OtlpEncoding encoding, int statusCode, IMessage message)
    {
        context.Response.StatusCode = statusCode;
        if (encoding == OtlpEncoding.Json)
        {
            context.Response.ContentType = JsonContentType;
            return context.Response.WriteAsync(JsonFormatter.Default.Format(message), context.RequestAborted);
        }
        context.Response.ContentType = ProtobufContentType;
        return context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted).AsTask();
    }

    public static Task WriteErrorAsync(HttpContext context, OtlpEncoding encoding, int statusCode, string message, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var code = statusCode switch
        {
            StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => ResourceExhausted,
            StatusCodes.Status503ServiceUnavailable => Unavailable,
            _ => InvalidArgument,
        };
        return WriteMessageAsync(context, encoding, statusCode, new Status { Code = code, Message = message });
    }
}
