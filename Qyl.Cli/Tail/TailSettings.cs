using System.CommandLine;
using Qyl.Client;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary>What <c>qyl tail</c> was asked to do, read from the command line.</summary>
internal sealed record TailSettings(
    string Url,
    SpanFilter Filter,
    long? SinceSeq,
    bool Json,
    string? ApiKey,
    TimeSpan ConnectTimeout,
    QylProtocol Protocol = QylProtocol.Json,
    TailRecords Records = TailRecords.Spans,
    TimeSpan? Settle = null,
    bool Messages = false)
{
    public static readonly Option<string> UrlOption = new("--url") { Description = "The qyl hub's base URL.", DefaultValueFactory = _ => "http://127.0.0.1:5100" };
    public static readonly Option<string?> ServiceOption = new("--service") { Description = "Only spans of this service (service.name)." };
    public static readonly Option<string?> SessionOption = new("--session") { Description = "Only spans of this session (session.id or gen_ai.conversation.id)." };
    public static readonly Option<string?> TraceOption = new("--trace") { Description = "Only spans of this trace id." };
    public static readonly Option<bool> GenAiOption = new("--genai") { Description = "Only GenAI spans (with gen_ai.operation.name)." };
    public static readonly Option<long?> SinceSeqOption = new("--since-seq") { Description = "Start with the stored spans after this seq, then follow live ones." };
    public static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON record per line (the contract's field names), spans and log records alike." };
    public static readonly Option<bool> LogsOption = new("--logs") { Description = "Follow log records instead of spans (the same filters; --genai keeps gen_ai.* events)." };
    public static readonly Option<bool> AllOption = new("--all") { Description = "Follow spans and log records together, interleaved in seq order." };
    public static readonly Option<int> SettleOption = new("--settle-ms") { Description = "With --all: how long a record may wait for the other stream to pass its seq before it is printed anyway.", DefaultValueFactory = _ => 250 };
    public static readonly Option<bool> MessagesOption = new("--messages") { Description = "Print each model call's new messages (from spans and log records) as a chat transcript: role, text, tool calls and results; with --json, one message per line." };
    public static readonly Option<string?> ApiKeyOption = new("--api-key") { Description = "API key, sent as Authorization: Bearer (default: $QYL_API_KEY)." };
    public static readonly Option<double> ConnectTimeoutOption = new("--connect-timeout") { Description = "Seconds to keep trying the first connection before giving up (exit 2).", DefaultValueFactory = _ => 5 };

    public static readonly Option<string> ProtocolOption = CreateProtocolOption();

    public static IEnumerable<Option> All =>
        [UrlOption, ServiceOption, SessionOption, TraceOption, GenAiOption, SinceSeqOption, JsonOption, LogsOption, AllOption, SettleOption, MessagesOption, ApiKeyOption, ConnectTimeoutOption, ProtocolOption];

    private static Option<string> CreateProtocolOption()
    {
        var option = new Option<string>("--protocol") { Description = "The hub protocol: json or messagepack (the output is the same).", DefaultValueFactory = _ => "json" };
        option.AcceptOnlyFromAmong("json", "messagepack");
        return option;
    }

    public static TailSettings From(ParseResult parse) => new(
        parse.GetValue(UrlOption)!,
        new SpanFilter
        {
            ServiceName = parse.GetValue(ServiceOption),
            SessionId = parse.GetValue(SessionOption),
            TraceId = parse.GetValue(TraceOption),
            GenAiOnly = parse.GetValue(GenAiOption) ? true : null,
        }.Normalize(),
        parse.GetValue(SinceSeqOption),
        parse.GetValue(JsonOption),
        parse.GetValue(ApiKeyOption) ?? NullIfEmpty(Environment.GetEnvironmentVariable("QYL_API_KEY")),
        TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(ConnectTimeoutOption))),
        parse.GetValue(ProtocolOption) == "messagepack" ? QylProtocol.MessagePack : QylProtocol.Json,
        parse.GetValue(AllOption) ? TailRecords.All : parse.GetValue(LogsOption) ? TailRecords.Logs : TailRecords.Spans,
        TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(SettleOption))),
        parse.GetValue(MessagesOption));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>Which records <c>qyl tail</c> follows.</summary>
internal enum TailRecords
{
    /// <summary>Spans (the default).</summary>
    Spans,

    /// <summary>Log records only (<c>--logs</c>).</summary>
    Logs,

    /// <summary>Spans and log records in seq order (<c>--all</c>).</summary>
    All,
}
