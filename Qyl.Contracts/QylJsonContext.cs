using System.Text.Json;
using System.Text.Json.Serialization;

namespace Qyl.Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for the contract types, camelCase as on the wire.
/// Attribute values are <see cref="object"/>: the primitive and container types that OTLP AnyValue
/// maps to are registered so they serialize without reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SpanRecord))]
[JsonSerializable(typeof(SpanFilter))]
[JsonSerializable(typeof(SpanBatch))]
[JsonSerializable(typeof(SpanSummary))]
[JsonSerializable(typeof(SpanSummaryBatch))]
[JsonSerializable(typeof(DroppedNotice))]
[JsonSerializable(typeof(ServiceSummary[]))]
[JsonSerializable(typeof(SessionSummary[]))]
[JsonSerializable(typeof(TraceSummary[]))]
[JsonSerializable(typeof(TraceDetail))]
[JsonSerializable(typeof(SpanPage))]
[JsonSerializable(typeof(LogRecord))]
[JsonSerializable(typeof(LogBatch))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(ConversationMessage))]
[JsonSerializable(typeof(TraceMessages))]
[JsonSerializable(typeof(SessionMessages))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
public sealed partial class QylJsonContext : JsonSerializerContext;
