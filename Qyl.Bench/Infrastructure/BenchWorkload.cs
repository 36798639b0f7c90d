using System.Diagnostics;
using System.Globalization;
using Qyl.Bench.Otlp;
using Qyl.Contracts;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// What the scenarios send: <c>--workload realistic</c> (default; <see cref="GenAiWorkload"/>:
/// <c>--bodies</c> distinct request bodies from <c>--seed</c>, several services, GenAI agent traces
/// with HTTP and database children and message content) or <c>--workload uniform</c> (the first
/// template: one service, the same strings in every span). Request n uses body n mod bodies.
/// </summary>
public sealed class BenchWorkload
{
    private readonly List<WorkloadBody>? _bodies;
    private readonly long _runId = Random.Shared.NextInt64();

    private BenchWorkload(string name, IReadOnlyList<OtlpRequestTemplate> templates, List<WorkloadBody>? bodies, int seed, SpanFilter filter)
    {
        Name = name;
        Templates = templates;
        _bodies = bodies;
        Seed = seed;
        Filter = filter;
    }

    /// <summary><c>realistic</c> or <c>uniform</c>.</summary>
    public string Name { get; }

    /// <summary>The request bodies, encoded once.</summary>
    public IReadOnlyList<OtlpRequestTemplate> Templates { get; }

    /// <summary>The generator's seed (realistic only).</summary>
    public int Seed { get; }

    /// <summary>What subscribers ask for: every span of the workload (uniform: its one service).</summary>
    public SpanFilter Filter { get; }

    /// <summary>Spans in every request.</summary>
    public int SpansPerRequest => Templates[0].SpanCount;

    /// <summary>Mean encoded bytes per span over the bodies.</summary>
    public double BytesPerSpan => Templates.Average(t => (double)t.Length / t.SpanCount);

    /// <summary>Reads <c>--workload</c>, <c>--bodies</c> and <c>--seed</c>.</summary>
    public static BenchWorkload From(BenchArgs args, int spansPerRequest, string uniformServiceName, bool stampSendTime = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var name = args.String("workload", "realistic")!;
        return name == "realistic"
            ? Create(name, spansPerRequest, uniformServiceName, stampSendTime, args.Int("bodies", 64), args.Int("seed", GenAiWorkload.DefaultSeed))
            : Create(name, spansPerRequest, uniformServiceName, stampSendTime);
    }

    /// <summary>The workload called <paramref name="name"/> (<c>realistic</c> or <c>uniform</c>).</summary>
    public static BenchWorkload Create(
        string name, int spansPerRequest, string uniformServiceName = "bench-agent", bool stampSendTime = false, int bodies = 64, int seed = GenAiWorkload.DefaultSeed)
    {
        switch (name)
        {
            case "uniform":
                return new BenchWorkload(name, [UniformTemplate.Create(spansPerRequest, uniformServiceName, stampSendTime)], null, 0,
                    new SpanFilter { ServiceName = uniformServiceName });
            case "realistic":
                var generated = GenAiWorkload.Generate(bodies, spansPerRequest, seed).ToList();
                return new BenchWorkload(name, [.. generated.Select(b => WorkloadEncoding.Encode(b, stampSendTime))], generated, seed, new SpanFilter());
            default:
                throw new ArgumentException($"--workload must be realistic or uniform; it is '{name}'.");
        }
    }

    /// <summary>The uniform template, send time stamped (for scenarios not yet on the realistic workload).</summary>
    public static BenchWorkload Uniform(int spansPerRequest, string serviceName) =>
        new("uniform", [UniformTemplate.Create(spansPerRequest, serviceName, stampSendTime: true)], null, 0, new SpanFilter { ServiceName = serviceName });

    /// <summary>The template of request number <paramref name="requestNumber"/>.</summary>
    public OtlpRequestTemplate For(long requestNumber) => Templates[IndexOf(requestNumber)];

    /// <summary>
    /// Request <paramref name="requestNumber"/> as the hub keeps it: the body rendered, then decoded
    /// by the hub's own decoder (shared strings and resources included), for the store scenarios.
    /// </summary>
    public IReadOnlyList<SpanRecord> Decoded(long requestNumber) => OtlpProtobufDecoder.Decode(For(requestNumber).Render(requestNumber)).Spans;

    /// <summary>Request <paramref name="requestNumber"/> as span records built directly (the baseline hub's input), optionally stamped with the send time.</summary>
    public List<SpanRecord> Records(long requestNumber, bool stampSendTime)
    {
        if (_bodies is null)
        {
            return [.. Enumerable.Range(0, SpansPerRequest).Select(i =>
                BenchSpans.Chat((int)(requestNumber * SpansPerRequest) + i, Filter.ServiceName!, _runId, stampSendTime))];
        }
        var records = WorkloadRecords.ToRecords(_bodies[IndexOf(requestNumber)], requestNumber, For(requestNumber).RunNonce,
            (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        if (stampSendTime)
        {
            var sent = (double)Stopwatch.GetTimestamp();
            foreach (var record in records)
            {
                record.Attributes[OtlpRequestTemplate.SentTimestampAttribute] = sent;
            }
        }
        return records;
    }

    private int IndexOf(long requestNumber) => (int)((ulong)requestNumber % (ulong)Templates.Count);

    /// <summary>One line for the result table.</summary>
    public string Describe() => _bodies is null
        ? string.Create(CultureInfo.InvariantCulture, $"workload uniform: one template, service {Filter.ServiceName}, {BytesPerSpan:N0} bytes/span encoded")
        : string.Create(CultureInfo.InvariantCulture,
            $"workload realistic: {Templates.Count} distinct bodies from seed {Seed}, {_bodies.Select(b => b.Service.Name).Distinct().Count()} services ({_bodies.Select(b => b.Service).Distinct().Count()} instances), {BytesPerSpan:N0} bytes/span encoded (bodies {Templates.Min(t => t.Length):N0}-{Templates.Max(t => t.Length):N0} bytes)");
}
