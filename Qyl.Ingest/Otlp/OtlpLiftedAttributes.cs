using System.Globalization;
using Qyl.Contracts;

namespace Qyl.Ingest.Otlp;

/// <summary>
/// The attributes qyl lifts into <see cref="SpanRecord"/> fields (<c>sessionId</c>, <c>genAi</c>),
/// gathered while the attributes are read once, in order. Each key keeps the value of its last
/// occurrence (duplicate keys are undefined in OTLP; last-wins matches what SDKs meant), and a value
/// of the wrong kind counts as absent. The one place these rules live for every decoder.
/// </summary>
internal struct OtlpLiftedAttributes
{
    private string? _sessionId;
    private string? _conversationId;
    private string? _operationName;
    private string? _providerName;
    private string? _system;
    private string? _requestModel;
    private string? _responseModel;
    private string? _agentName;
    private string? _toolName;
    private long? _inputTokens;
    private long? _outputTokens;

    /// <summary>Notes one attribute; call for every attribute in request order.</summary>
    public void Observe(string key, OtlpValueKind kind, object? value)
    {
        // A switch on the key compiles to a length and character check, so the common case (a key
        // that is not lifted) costs a few comparisons.
        switch (key)
        {
            case "session.id": _sessionId = AsString(kind, value); break;
            case "gen_ai.conversation.id": _conversationId = AsString(kind, value); break;
            case "gen_ai.operation.name": _operationName = AsString(kind, value); break;
            case "gen_ai.provider.name": _providerName = AsString(kind, value); break;
            case "gen_ai.system": _system = AsString(kind, value); break;
            case "gen_ai.request.model": _requestModel = AsString(kind, value); break;
            case "gen_ai.response.model": _responseModel = AsString(kind, value); break;
            case "gen_ai.agent.name": _agentName = AsString(kind, value); break;
            case "gen_ai.tool.name": _toolName = AsString(kind, value); break;
            case "gen_ai.usage.input_tokens": _inputTokens = AsLong(kind, value); break;
            case "gen_ai.usage.output_tokens": _outputTokens = AsLong(kind, value); break;
        }
    }

    /// <summary><c>session.id</c>, else <c>gen_ai.conversation.id</c>.</summary>
    public readonly string? SessionId => _sessionId ?? _conversationId;

    /// <summary>The GenAI fields, present when the span has <c>gen_ai.operation.name</c>.</summary>
    public readonly GenAiInfo? GenAi => _operationName is null ? null : new GenAiInfo
    {
        OperationName = _operationName,
        ProviderName = _providerName ?? _system,
        RequestModel = _requestModel,
        ResponseModel = _responseModel,
        InputTokens = _inputTokens,
        OutputTokens = _outputTokens,
        AgentName = _agentName,
        ToolName = _toolName,
    };

    /// <summary>The service name from resource attribute <c>service.name</c> (last occurrence, string only).</summary>
    public static void ObserveServiceName(ref string? serviceName, string key, OtlpValueKind kind, object? value)
    {
        if (key == "service.name")
        {
            serviceName = AsString(kind, value);
        }
    }

    /// <summary><paramref name="found"/>, or <c>unknown_service</c> when absent or empty (the OpenTelemetry default).</summary>
    public static string ServiceNameOrDefault(string? found) => string.IsNullOrEmpty(found) ? OtlpSpanMapper.UnknownService : found;

    private static string? AsString(OtlpValueKind kind, object? value) => kind == OtlpValueKind.String ? (string?)value : null;

    // Also accepts a double holding a whole number or a numeric string: some SDKs record token counts that way.
    private static long? AsLong(OtlpValueKind kind, object? value) => kind switch
    {
        OtlpValueKind.Int => (long)value!,
        OtlpValueKind.Double when value is double d && Math.Abs(d) < 9e18 && d == Math.Floor(d) => (long)d,
        OtlpValueKind.String when long.TryParse((string)value!, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
