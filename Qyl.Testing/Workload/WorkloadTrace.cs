using System.Globalization;
using Qyl.Contracts;

namespace Qyl.Testing.Workload;

/// <summary>
/// Writes one agent trace into a body, parents before children, stopping when the body is full
/// (a batch exporter cuts traces the same way). Times are built forward from the trace's start and
/// turned into offsets before "now" at the end.
/// </summary>
internal sealed partial class WorkloadTrace(Random random, WorkloadService service, List<WorkloadSpan> spans, int capacity, int traceSlot, long endAgoNanos)
{
    private const long Ms = 1_000_000;
    private readonly List<(WorkloadSpan Span, long Start, long End)> _mine = [];
    private readonly string _agent = Pick(random, WorkloadCatalog.Agents[service.Name]);
    private readonly WorkloadModel _model = Pick(random, WorkloadCatalog.Models);
    private readonly string _session = $"{SessionPrefix(service.Language)}{random.Next(64 + 64):x4}{Hex(random, 12)}";

    public void Write()
    {
        var cursor = 0L;
        var root = -1;
        if (service.Language == "nodejs")
        {
            root = Add(-1, "POST /api/chat", 2, WorkloadScope.HttpServer, 0, 0, out var server);
            server?.With("http.request.method", "POST").With("http.route", "/api/chat").With("url.path", "/api/chat")
                .With("url.scheme", "https").With("server.address", "app.acme.example").With("server.port", 443L)
                .With("client.address", $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}")
                .With("user_agent.original", Pick(random, UserAgents)).With("network.protocol.version", "1.1");
            cursor = Ms;
        }
        var agent = Add(root, $"invoke_agent {_agent}", 1, WorkloadScope.GenAi, cursor, 0, out var agentSpan);
        agentSpan?.With("gen_ai.operation.name", "invoke_agent").With("gen_ai.provider.name", _model.Provider)
            .With("gen_ai.agent.name", _agent).With("gen_ai.agent.id", $"asst_{Hex(random, 24)}")
            .With("gen_ai.request.model", _model.Request).With(SessionKey, _session);
        if (agentSpan is not null)
        {
            agentSpan.SessionId = _session;
            agentSpan.GenAi = new GenAiInfo { OperationName = "invoke_agent", ProviderName = _model.Provider, RequestModel = _model.Request, AgentName = _agent };
        }
        cursor += 2 * Ms;
        var turns = random.Next(1, 5);
        long inputTokens = random.Next(300, 2500);
        for (var turn = 0; turn < turns && agent >= 0; turn++)
        {
            var last = turn == turns - 1;
            cursor = Chat(agent, cursor, last, ref inputTokens);
            if (!last)
            {
                var tools = random.Next(1, 3);
                for (var t = 0; t < tools; t++)
                {
                    cursor = Tool(agent, cursor);
                }
            }
        }
        var end = cursor + Ms;
        var total = end + Ms;
        foreach (var (span, start, written) in _mine)
        {
            // The roots end after everything they hold; other spans end where they were written.
            var spanEnd = span.Slot == root ? end + (Ms / 2) : span.Slot == agent ? end : written;
            span.StartAgoNanos = endAgoNanos + (total - start);
            span.EndAgoNanos = endAgoNanos + (total - spanEnd);
        }
        if (agentSpan is not null && agentSpan.StatusCode == 0)
        {
            agentSpan.StatusCode = 1;
        }
    }

    private string SessionKey => service.Language == "nodejs" ? "gen_ai.conversation.id" : "session.id";

    private int Add(int parent, string name, int kind, WorkloadScope scope, long start, long end, out WorkloadSpan? span)
    {
        if (spans.Count >= capacity)
        {
            span = null;
            return -1;
        }
        span = new WorkloadSpan { Slot = spans.Count, TraceSlot = traceSlot, ParentSlot = parent, Name = name, Kind = kind, Scope = scope };
        spans.Add(span);
        _mine.Add((span, start, end));
        return span.Slot;
    }

    private static string SessionPrefix(string language) => language switch
    {
        "nodejs" => "conv_",
        "python" => "sess-",
        _ => "session-",
    };

    internal static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    internal static string Hex(Random random, int length)
    {
        Span<byte> bytes = stackalloc byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    internal static string Alnum(Random random, int length) =>
        string.Create(length, random, static (chars, r) =>
        {
            const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });

    // Log-uniform: many small values, a few large, like token counts and latencies.
    internal static long LogUniform(Random random, long min, long max) =>
        (long)Math.Round(Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min)))));

    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ];
}
