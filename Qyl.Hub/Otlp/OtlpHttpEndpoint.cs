using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Qyl.Ingest;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Pipeline;

namespace Qyl.Hub.Otlp;

/// <summary>
/// <c>POST /v1/traces</c> and <c>POST /v1/logs</c>: a thin adapter that checks media type and size,
/// decodes, and hands the request to the signal's exporter (<see cref="OtlpHttpSignal"/>). Client
/// mistakes get 400/413/415 with a message; overload gets 429/503 with <c>Retry-After</c>; nothing a
/// client sends produces a 500.
/// </summary>
internal static class OtlpHttpEndpoint
{
    public static Task HandleAsync(HttpContext context) => HandleAsync(context, OtlpHttpSignal.Traces);

    public static Task HandleLogsAsync(HttpContext context) => HandleAsync(context, OtlpHttpSignal.Logs);

    private static async Task HandleAsync(HttpContext context, OtlpHttpSignal signal)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OtlpHttpEndpoint).FullName!);
        var request = context.Request;

        if (!TryGetEncoding(request.ContentType, out var encoding))
        {
            await RefuseAsync(context, signal, logger, OtlpEncoding.Json, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; send application/x-protobuf or application/json.").ConfigureAwait(false);
            return;
        }
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var gzip = contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Encoding '{contentEncoding}' is not supported; send gzip or no encoding.").ConfigureAwait(false);
            return;
        }

        var limit = options.MaxRequestBodyBytes;
        // The compressed body may not exceed the limit either; Kestrel enforces it while reading.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        var tooLarge = $"The request body is over the limit of {limit} bytes (Qyl:Ingest:MaxRequestBodyBytes, applied before and after decompression); send smaller batches.";
        if (request.ContentLength > limit)
        {
            await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return;
        }

        object export;
        try
        {
            using var body = await OtlpRequestBody.ReadAsync(request.Body, request.ContentLength, gzip, limit, context.RequestAborted).ConfigureAwait(false);
            // Protobuf, the hot path, decodes straight into span records; JSON goes through the
            // generated messages and the reference mapper.
            export = signal.Decode(encoding, body.Memory);
        }
        catch (Exception ex) when (ex is OtlpBodyTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own verdicts on the body (bad chunking, too slow a sender) keep their status.
            await RefuseAsync(context, signal, logger, encoding, ex.StatusCode, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-body: nothing to answer, nothing was accepted.
            return;
        }
        catch (OtlpDecodeException ex)
        {
            await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        var protocol = encoding == OtlpEncoding.Json ? OtlpTraceExporter.HttpJson : OtlpTraceExporter.HttpProtobuf;
        OtlpHttpExport result;
        try
        {
            result = await signal.ExportAsync(services, export, protocol, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; its spans are queued and will still be stored.
            return;
        }

        switch (result.Outcome)
        {
            case OtlpExportOutcome.Accepted:
                await OtlpHttpResponses.WriteMessageAsync(context, encoding, StatusCodes.Status200OK, result.Response!).ConfigureAwait(false);
                break;
            case OtlpExportOutcome.Overloaded:
                await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status429TooManyRequests,
                    "qyl's ingest queue is full (Qyl:Ingest:MaxQueuedSpans); retry after the Retry-After interval.", options.RetryAfterSeconds).ConfigureAwait(false);
                break;
            default:
                await RefuseAsync(context, signal, logger, encoding, StatusCodes.Status503ServiceUnavailable,
                    $"qyl's {signal.StoreName} is unavailable; retry after the Retry-After interval.", options.RetryAfterSeconds).ConfigureAwait(false);
                break;
        }
    }

    private static bool TryGetEncoding(string? contentType, out OtlpEncoding encoding)
    {
        encoding = OtlpEncoding.Protobuf;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }
        if (mediaType.MediaType.Equals(OtlpHttpResponses.ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        encoding = OtlpEncoding.Json;
        return mediaType.MediaType.Equals(OtlpHttpResponses.JsonContentType, StringComparison.OrdinalIgnoreCase);
    }

    private static Task RefuseAsync(HttpContext context, OtlpHttpSignal signal, ILogger logger, OtlpEncoding encoding, int statusCode, string message, int? retryAfterSeconds = null)
    {
        OtlpHttpLog.Refused(logger, statusCode, message);
        signal.CountFailure(
            context.RequestServices.GetRequiredService<IngestMetrics>(),
            encoding == OtlpEncoding.Json ? OtlpTraceExporter.HttpJson : OtlpTraceExporter.HttpProtobuf,
            OtlpErrorTypes.FromHttpStatus(statusCode));
        return OtlpHttpResponses.WriteErrorAsync(context, encoding, statusCode, message, retryAfterSeconds);
    }
}
