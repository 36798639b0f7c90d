using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Qyl.Cli.Demo;

/// <summary>One OTLP log record of the demo: an agent's stdout line or a GenAI event, tied to a span.</summary>
internal sealed record DemoLog(string Service, DateTimeOffset Time, int Severity, string SeverityText, string Body, string? EventName,
    ActivityTraceId TraceId, ActivitySpanId SpanId, IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>
/// Posts log records to <c>/v1/logs</c> as OTLP protobuf. The CLI references no OTLP protos, so the
/// handful of fields the demo sets are written by hand (field numbers of opentelemetry-proto's
/// logs/v1 and common/v1).
/// </summary>
internal sealed class DemoLogs(HttpClient http, Uri endpoint, string? apiKey)
{
    private readonly List<DemoLog> _pending = [];

    public void Add(DemoLog log)
    {
        lock (_pending)
        {
            _pending.Add(log);
        }
    }

    /// <summary>Sends what was added since the last call; returns how many records it sent.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        DemoLog[] batch;
        lock (_pending)
        {
            batch = [.. _pending];
            _pending.Clear();
        }
        if (batch.Length == 0)
        {
            return 0;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encode(batch)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return batch.Length;
    }

    private static byte[] Encode(IEnumerable<DemoLog> logs)
    {
        var body = new MemoryStream();
        foreach (var service in logs.GroupBy(l => l.Service))
        {
            var resource = new MemoryStream();
            Message(resource, 1, KeyValue("service.name", service.Key));
            var scopeLogs = new MemoryStream();
            Message(scopeLogs, 1, Concat(s => Text(s, 1, "qyl.demo." + service.Key)));
            foreach (var log in service)
            {
                Message(scopeLogs, 2, Record(log));
            }
            var resourceLogs = new MemoryStream();
            Message(resourceLogs, 1, resource.ToArray());
            Message(resourceLogs, 2, scopeLogs.ToArray());
            Message(body, 1, resourceLogs.ToArray());
        }
        return body.ToArray();
    }

    private static byte[] Record(DemoLog log) => Concat(s =>
    {
        var nanos = (ulong)(log.Time - DateTimeOffset.UnixEpoch).Ticks * 100;
        Fixed64(s, 1, nanos);
        Varint(s, (2 << 3) | 0);
        Varint(s, (ulong)log.Severity);
        Text(s, 3, log.SeverityText);
        Message(s, 5, Concat(v => Text(v, 1, log.Body)));
        foreach (var (key, value) in log.Attributes)
        {
            Message(s, 6, KeyValue(key, value));
        }
        var trace = new byte[16];
        log.TraceId.CopyTo(trace);
        var span = new byte[8];
        log.SpanId.CopyTo(span);
        Message(s, 9, trace);
        Message(s, 10, span);
        Fixed64(s, 11, nanos);
        if (log.EventName is not null)
        {
            Text(s, 12, log.EventName);
        }
    });

    private static byte[] KeyValue(string key, string value) => Concat(s =>
    {
        Text(s, 1, key);
        Message(s, 2, Concat(v => Text(v, 1, value)));
    });

    private static byte[] Concat(Action<MemoryStream> write)
    {
        var s = new MemoryStream();
        write(s);
        return s.ToArray();
    }

    private static void Text(MemoryStream s, int field, string value) => Message(s, field, Encoding.UTF8.GetBytes(value));

    private static void Message(MemoryStream s, int field, byte[] bytes)
    {
        Varint(s, ((ulong)field << 3) | 2);
        Varint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void Fixed64(MemoryStream s, int field, ulong value)
    {
        Varint(s, ((ulong)field << 3) | 1);
        s.Write(BitConverter.GetBytes(value));
    }

    private static void Varint(MemoryStream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }
}
