using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Tests.Otlp;

/// <summary>
/// The reference path (Google.Protobuf generated messages, then <see cref="OtlpSpanMapper"/>) as the
/// oracle for <see cref="OtlpProtobufDecoder"/>: both run on the same bytes, and must either both
/// refuse them or produce the same span records, rejection count and message.
/// </summary>
internal static class OtlpDecoderOracle
{
    // NaN and infinities are valid OTLP doubles; the comparison must be able to print them.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = QylJsonContext.Default,
    };

    /// <summary>The outcome as text: the batch in JSON, or "refused" when the bytes are not a valid request.</summary>
    public static string Reference(byte[] body)
    {
        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return "refused";
        }
        return Describe(OtlpSpanMapper.Map(request));
    }

    public static string Fast(byte[] body)
    {
        try
        {
            return Describe(OtlpProtobufDecoder.Decode(body));
        }
        catch (OtlpDecodeException)
        {
            return "refused";
        }
    }

    public static string Describe(OtlpMappedBatch batch) =>
        $"rejected={batch.RejectedSpans} error={batch.ErrorMessage}\n"
        + string.Join("\n", batch.Spans.Select(s => JsonSerializer.Serialize(s, s_json)));

    public static void AssertSame(byte[] body)
    {
        var expected = Reference(body);
        var actual = Fast(body);
        Assert.True(expected == actual, $"body {Convert.ToHexString(body)}\nexpected {expected}\nactual   {actual}");
    }
}
