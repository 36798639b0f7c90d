using Google.Protobuf;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using OtlpSpan = Qyl.Ingest.Otlp.Proto.Trace.Span;

namespace Qyl.Tests.Otlp;

/// <summary>Requests that exercise every mapping rule, for the decoder equivalence tests.</summary>
internal static class OtlpRichPayloads
{
    public static AnyValue Str(string value) => new() { StringValue = value };

    public static KeyValue Kv(string key, AnyValue? value) => value is null ? new KeyValue { Key = key } : new KeyValue { Key = key, Value = value };

    /// <summary>Every AnyValue kind, nested arrays and kvlists, bytes, an empty value, duplicate keys.</summary>
    public static IEnumerable<KeyValue> EveryValueKind()
    {
        yield return Kv("s", Str("text"));
        yield return Kv("b", new AnyValue { BoolValue = true });
        yield return Kv("f", new AnyValue { BoolValue = false });
        yield return Kv("i", new AnyValue { IntValue = -42 });
        yield return Kv("big", new AnyValue { IntValue = long.MaxValue });
        yield return Kv("d", new AnyValue { DoubleValue = 3.25 });
        yield return Kv("nan", new AnyValue { DoubleValue = double.NaN });
        yield return Kv("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3, 250) });
        yield return Kv("empty", new AnyValue());
        yield return Kv("novalue", null);
        var array = new ArrayValue { Values = { Str("a"), new AnyValue { IntValue = 1 }, new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { DoubleValue = 0.5 } } } }, new AnyValue() } };
        yield return Kv("arr", new AnyValue { ArrayValue = array });
        var kvlist = new KeyValueList { Values = { Kv("k1", Str("v1")), Kv("k2", new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("deep", new AnyValue { BoolValue = true }) } } }), Kv("k1", Str("v1-again")) } };
        yield return Kv("kv", new AnyValue { KvlistValue = kvlist });
        yield return Kv("s", Str("duplicate wins"));
        yield return Kv("unicode", Str("héllo ✓ 𝄞"));
        yield return Kv("long string", Str(new string('x', 300)));
    }

    public static OtlpSpan Span(string name, int seed, OtlpSpan.Types.SpanKind kind = OtlpSpan.Types.SpanKind.Internal)
    {
        var random = new Random(seed);
        var id = new byte[16];
        random.NextBytes(id);
        var spanId = new byte[8];
        random.NextBytes(spanId);
        return new OtlpSpan
        {
            TraceId = ByteString.CopyFrom(id),
            SpanId = ByteString.CopyFrom(spanId),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = 1_700_000_000_000_000_000UL + (ulong)seed,
            EndTimeUnixNano = 1_700_000_000_500_000_000UL,
        };
    }

    public static ExportTraceServiceRequest Request()
    {
        var genAi = Span("chat gpt-4o", 1, OtlpSpan.Types.SpanKind.Client);
        genAi.ParentSpanId = ByteString.CopyFrom(new byte[8]);
        genAi.Attributes.Add([
            Kv("gen_ai.operation.name", Str("chat")), Kv("gen_ai.system", Str("openai")),
            Kv("gen_ai.request.model", Str("gpt-4o")), Kv("gen_ai.response.model", new AnyValue { BytesValue = ByteString.CopyFromUtf8("not a string") }),
            Kv("gen_ai.usage.input_tokens", new AnyValue { DoubleValue = 12 }), Kv("gen_ai.usage.output_tokens", Str("34")),
            Kv("gen_ai.agent.name", Str("planner")), Kv("gen_ai.tool.name", new AnyValue { IntValue = 5 }),
            Kv("gen_ai.conversation.id", Str("conv-1")), Kv("session.id", new AnyValue { IntValue = 9 }),
        ]);
        genAi.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        genAi.Events.Add(new OtlpSpan.Types.Event { Name = "gen_ai.choice", TimeUnixNano = 7, Attributes = { EveryValueKind() } });
        genAi.Events.Add(new OtlpSpan.Types.Event { Name = "bare" });
        genAi.Links.Add(new OtlpSpan.Types.Link { TraceId = genAi.TraceId, SpanId = genAi.SpanId, TraceState = "x=1", Attributes = { Kv("link", Str("ignored")) } });

        var plain = Span("GET /", 2, OtlpSpan.Types.SpanKind.Server);
        plain.ParentSpanId = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8);
        plain.Attributes.Add(EveryValueKind());
        plain.Attributes.Add([Kv("session.id", Str("s-1")), Kv("gen_ai.usage.input_tokens", Str("not a number"))]);
        plain.Status = new Status { Code = Status.Types.StatusCode.Ok };
        plain.TraceState = "a=b";
        plain.Flags = 257;
        plain.DroppedAttributesCount = 3;

        var oddKind = Span("odd kind", 3, (OtlpSpan.Types.SpanKind)42);
        oddKind.EndTimeUnixNano = 1; // ends before it starts
        oddKind.Status = new Status { Code = (Status.Types.StatusCode)7 };
        oddKind.Attributes.Add([Kv("gen_ai.operation.name", Str("execute_tool")), Kv("gen_ai.provider.name", Str("anthropic")), Kv("gen_ai.system", Str("other")),
            Kv("gen_ai.usage.input_tokens", new AnyValue { DoubleValue = 1.5 }), Kv("gen_ai.usage.output_tokens", new AnyValue { IntValue = 7 })]);

        var sameTrace = Span("same trace", 4, OtlpSpan.Types.SpanKind.Producer);
        sameTrace.TraceId = genAi.TraceId;
        var consumer = Span("consumer", 5, OtlpSpan.Types.SpanKind.Consumer);

        var badTrace = Span("bad-trace", 6);
        badTrace.TraceId = ByteString.CopyFrom(1, 2, 3);
        var badSpan = Span("bad-span", 7);
        badSpan.SpanId = ByteString.Empty;
        var badParent = Span("bad-parent", 8);
        badParent.ParentSpanId = ByteString.CopyFrom(1, 2, 3);

        var named = new ResourceSpans
        {
            Resource = new Resource { Attributes = { Kv("service.name", Str("agent-svc")), Kv("telemetry.sdk.language", Str("dotnet")), Kv("host.cores", new AnyValue { IntValue = 2 }) } },
            SchemaUrl = "https://opentelemetry.io/schemas/1.30.0",
            ScopeSpans =
            {
                new ScopeSpans { Scope = new InstrumentationScope { Name = "Experimental.Microsoft.Extensions.AI", Version = "9.0", Attributes = { Kv("scope.attr", Str("x")) } }, Spans = { genAi, badTrace, plain, sameTrace } },
                new ScopeSpans { Scope = new InstrumentationScope { Name = "" }, Spans = { oddKind, badSpan } },
                new ScopeSpans { Spans = { consumer } },
            },
        };
        var unnamed = new ResourceSpans
        {
            Resource = new Resource { Attributes = { Kv("service.name", new AnyValue { IntValue = 1 }), Kv("other", Str("y")) } },
            ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "scope-b" }, Spans = { badParent, Span("after-bad", 9) } } },
        };
        var emptyName = new ResourceSpans
        {
            Resource = new Resource { Attributes = { Kv("service.name", Str("")) } },
            ScopeSpans = { new ScopeSpans { Spans = { Span("empty-service", 10) } } },
        };
        var noResource = new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { Span("no-resource", 11) } } } };
        return new ExportTraceServiceRequest { ResourceSpans = { named, unnamed, emptyName, noResource, new ResourceSpans() } };
    }
}

/// <summary>One span carrying every attribute value kind in its attributes, its resource and an event, for the round-trip tests.</summary>
internal static class EveryValueRequest
{
    /// <summary>Every kind of <see cref="OtlpRichPayloads.EveryValueKind"/>, plus the doubles JSON numbers alone would not keep.</summary>
    public static IEnumerable<KeyValue> Values()
    {
        foreach (var kv in OtlpRichPayloads.EveryValueKind())
        {
            yield return kv;
        }
        yield return OtlpRichPayloads.Kv("integral double", new AnyValue { DoubleValue = 2 });
        yield return OtlpRichPayloads.Kv("negative zero", new AnyValue { DoubleValue = -0.0 });
        yield return OtlpRichPayloads.Kv("infinity", new AnyValue { DoubleValue = double.NegativeInfinity });
        yield return OtlpRichPayloads.Kv("tiny", new AnyValue { DoubleValue = 1e-300 });
        yield return OtlpRichPayloads.Kv("empty array", new AnyValue { ArrayValue = new ArrayValue() });
        yield return OtlpRichPayloads.Kv("empty map", new AnyValue { KvlistValue = new KeyValueList() });
    }

    /// <summary>A request whose span (trace <paramref name="traceId"/>) has <see cref="Values"/> everywhere an attribute can be.</summary>
    public static ExportTraceServiceRequest Create(string traceId, string service = "every-value")
    {
        var span = OtlpRichPayloads.Span("every value", 21, OtlpSpan.Types.SpanKind.Client);
        span.TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId));
        span.Attributes.Add(Values());
        span.Attributes.Add(OtlpRichPayloads.Kv("gen_ai.operation.name", OtlpRichPayloads.Str("chat")));
        span.Events.Add(new OtlpSpan.Types.Event { Name = "with values", TimeUnixNano = 1_700_000_000_100_000_000UL, Attributes = { Values() } });
        span.Events.Add(new OtlpSpan.Types.Event { Name = "bare", TimeUnixNano = 1_700_000_000_200_000_000UL });
        var resource = new Resource { Attributes = { OtlpRichPayloads.Kv("service.name", OtlpRichPayloads.Str(service)) } };
        resource.Attributes.Add(Values());
        return new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "every" }, Spans = { span } } } } },
        };
    }
}
