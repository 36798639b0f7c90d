using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Ingest.Otlp;
using Qyl.Ingest.Otlp.Proto.Collector;
using Qyl.Ingest.Otlp.Proto.Common;
using Qyl.Ingest.Otlp.Proto.Resource;
using Qyl.Ingest.Otlp.Proto.Trace;
using Qyl.Ingest.Otlp.Protobuf;
using static Qyl.Tests.Otlp.OtlpRichPayloads;

namespace Qyl.Tests.Otlp;

/// <summary>
/// <see cref="OtlpProtobufDecoder"/> against the reference path (<see cref="OtlpDecoderOracle"/>):
/// the same span records for every mapping rule and wire-format liberty, and a refusal exactly where
/// the generated parser refuses.
/// </summary>
public sealed class OtlpProtobufDecoderTests
{
    [Fact]
    public void Decode_RichRequest_SameRecordsAsReferenceMapper()
    {
        var body = Request().ToByteArray();

        OtlpDecoderOracle.AssertSame(body);
        var batch = OtlpProtobufDecoder.Decode(body);
        Assert.Equal(3, batch.RejectedSpans);
        Assert.Equal(8, batch.Spans.Count);
        Assert.StartsWith("3 span(s) rejected; first: span 'bad-trace': trace id must be 16 bytes, got 3", batch.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RichRequest_LiftsAndDefaultsAsTheContractSays()
    {
        var spans = OtlpProtobufDecoder.Decode(Request().ToByteArray()).Spans;

        var chat = spans[0];
        Assert.Equal(("agent-svc", SpanKinds.Client, SpanStatuses.Error, "boom"), (chat.ServiceName, chat.Kind, chat.Status, chat.StatusMessage));
        Assert.Null(chat.ParentSpanId); // eight zero bytes mean root
        Assert.Equal("conv-1", chat.SessionId); // session.id is not a string, so the conversation id
        Assert.Equal(new GenAiInfo { OperationName = "chat", ProviderName = "openai", RequestModel = "gpt-4o", InputTokens = 12, OutputTokens = 34, AgentName = "planner" }, chat.GenAi);
        Assert.Equal(2, chat.Events.Count);
        Assert.Same(spans[0].ResourceAttributes, spans[1].ResourceAttributes);
        Assert.Equal("duplicate wins", spans[1].Attributes["s"]);
        Assert.Null(spans[3].ScopeName);
        Assert.Equal((SpanKinds.Internal, SpanStatuses.Unset, 0d), (spans[3].Kind, spans[3].Status, spans[3].DurationMs));
        Assert.Equal(OtlpSpanMapper.UnknownService, spans[5].ServiceName);
        Assert.Equal(OtlpSpanMapper.UnknownService, spans[6].ServiceName);
        Assert.Equal(OtlpSpanMapper.UnknownService, spans[7].ServiceName);
    }

    [Fact]
    public void Decode_BothDecoders_OnlyTheAttributeValueTypes()
    {
        var request = Request();
        var fast = OtlpProtobufDecoder.Decode(request.ToByteArray()).Spans;
        var reference = OtlpSpanMapper.Map(request).Spans;

        Assert.All(fast.Concat(reference), span =>
        {
            Assert.True(AttributeValues.IsCanonical(span.Attributes), span.Name);
            Assert.True(AttributeValues.IsCanonical(span.ResourceAttributes), span.Name);
            Assert.All(span.Events, e => Assert.True(AttributeValues.IsCanonical(e.Attributes), e.Name));
        });
        Assert.Equal(fast.Count, reference.Count);
        for (var i = 0; i < fast.Count; i++)
        {
            Assert.True(AttributeValues.Same(reference[i].Attributes, fast[i].Attributes), fast[i].Name);
        }
    }

    [Fact]
    public void Decode_EmptyBody_NoSpans()
    {
        var batch = OtlpProtobufDecoder.Decode([]);

        Assert.Equal((0, 0, null), (batch.Spans.Count, batch.RejectedSpans, batch.ErrorMessage));
    }

    [Fact]
    public void Decode_ResourceAndScopeAfterTheirSpans_SameRecordsAsReferenceMapper()
    {
        var span = Span("late", 1).ToByteArray();
        var scopeSpans = Concat(Field(2, span), Field(1, new InstrumentationScope { Name = "late-scope" }.ToByteArray()));
        var resource = new Resource { Attributes = { Kv("service.name", Str("late-svc")) } }.ToByteArray();
        var body = Field(1, Concat(Field(2, scopeSpans), Field(1, resource)));

        OtlpDecoderOracle.AssertSame(body);
        var record = Assert.Single(OtlpProtobufDecoder.Decode(body).Spans);
        Assert.Equal(("late-svc", "late-scope"), (record.ServiceName, record.ScopeName));
    }

    [Fact]
    public void Decode_RepeatedMessagesAndScalars_MergeAsProtobufDoes()
    {
        // Repeated resource and scope merge, repeated status merges field by field, a repeated
        // scalar's last value wins, and a KeyValue's repeated value merges its AnyValue (arrays append).
        var resource1 = new Resource { Attributes = { Kv("service.name", Str("first")) } }.ToByteArray();
        var resource2 = new Resource { Attributes = { Kv("service.name", Str("second")), Kv("x", Str("y")) } }.ToByteArray();
        var scope1 = new InstrumentationScope { Name = "scope-1", Version = "1" }.ToByteArray();
        var scope2 = new InstrumentationScope { Version = "2" }.ToByteArray();
        var status1 = new Status { Code = Status.Types.StatusCode.Error, Message = "first" }.ToByteArray();
        var status2 = new Status { Message = "second" }.ToByteArray();
        var array1 = new AnyValue { ArrayValue = new ArrayValue { Values = { Str("a") } } }.ToByteArray();
        var array2 = new AnyValue { ArrayValue = new ArrayValue { Values = { Str("b") } } }.ToByteArray();
        var kv1 = new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("k", Str("1")) } } }.ToByteArray();
        var kv2 = new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("k", Str("2")), Kv("j", Str("3")) } } }.ToByteArray();
        var switched = Concat(new AnyValue { StringValue = "gone" }.ToByteArray(), array1, new AnyValue { IntValue = 5 }.ToByteArray());
        var span = Concat(
            Span("renamed-away", 1).ToByteArray(),
            Field(5, "final name"u8.ToArray()),
            Field(15, status1), Field(15, status2),
            Field(9, Concat(Field(1, "arr"u8.ToArray()), Field(2, array1), Field(2, array2))),
            Field(9, Concat(Field(1, "kv"u8.ToArray()), Field(2, kv1), Field(2, kv2))),
            Field(9, Concat(Field(1, "switched"u8.ToArray()), Field(2, switched))),
            Field(9, Concat(Field(1, "kept"u8.ToArray()), Field(2, Str("kept").ToByteArray()), Field(2, []))),
            Field(9, Concat(Field(1, "old-key"u8.ToArray()), Field(1, "new-key"u8.ToArray()), Field(2, Str("v").ToByteArray()))));
        var scopeSpans = Concat(Field(1, scope1), Field(2, span), Field(1, scope2));
        var body = Field(1, Concat(Field(1, resource1), Field(2, scopeSpans), Field(1, resource2)));

        OtlpDecoderOracle.AssertSame(body);
        var record = Assert.Single(OtlpProtobufDecoder.Decode(body).Spans);
        Assert.Equal(("second", "scope-1", "final name", SpanStatuses.Error, "second"), (record.ServiceName, record.ScopeName, record.Name, record.Status, record.StatusMessage));
        Assert.Equal(["a", "b"], (object?[])record.Attributes["arr"]!);
        Assert.Equal(5L, record.Attributes["switched"]);
        Assert.Equal("kept", record.Attributes["kept"]);
        Assert.Equal("v", record.Attributes["new-key"]);
    }

    [Fact]
    public void Decode_UnknownFieldsOfEveryWireType_Skipped()
    {
        // Unknown varint, fixed64, length-delimited, group (with a nested group) and fixed32 fields,
        // and a known field number sent with the wrong wire type (the generated parser treats it as unknown).
        var unknown = Concat(
            [0xF8, 0x07, 0x96, 0x01], // field 127 varint
            [0x09, 1, 2, 3, 4, 5, 6, 7, 8], // field 1 fixed64 (span: trace_id has wire type 2)
            Field(99, [1, 2, 3]),
            [0xA3, 0x06, 0xAB, 0x06, 0x08, 0x01, 0xAC, 0x06, 0xA4, 0x06], // group 100 holding group 101 holding a varint
            [0x2D, 1, 2, 3, 4]); // field 5 fixed32 (span: name has wire type 2)
        var span = Concat(unknown, Span("with unknowns", 1).ToByteArray(), unknown);
        var body = Concat(unknown, Field(1, Concat(unknown, Field(2, Concat(unknown, Field(2, span))))));

        OtlpDecoderOracle.AssertSame(body);
        Assert.Equal("with unknowns", Assert.Single(OtlpProtobufDecoder.Decode(body).Spans).Name);
    }

    public static TheoryData<string, byte[]> MalformedBodies() => new()
    {
        { "truncated varint", [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01] },
        { "varint over 10 bytes", [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] },
        { "length past the end", [0x0a, 0x05, 0x12, 0x01] },
        { "negative length", [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f] },
        { "wire type 6", [0x0e, 0x00] },
        { "wire type 7", [0x0f, 0x00] },
        { "field number 0", [0x02, 0x00] },
        { "stray end group", [0x0c] },
        { "unterminated group", [0x0b, 0x08, 0x01] },
        { "mismatched end group", [0x0b, 0x14] },
        { "truncated fixed64 in span", Field(1, Field(2, Field(2, [0x39, 1, 2, 3]))) },
        { "malformed link attribute", Field(1, Field(2, Field(2, Field(13, Field(4, [0x12, 0x09]))))) },
        { "malformed scope attribute", Field(1, Field(2, Field(1, Field(3, [0xff])))) },
        // proto3 strings must be valid UTF-8; Google.Protobuf refuses them even in fields qyl ignores.
        { "invalid UTF-8 in a span name", Field(1, Field(2, Field(2, Field(5, [0x61, 0xA9])))) },
        { "invalid UTF-8 in an attribute key", Field(1, Field(2, Field(2, Field(9, Field(1, [0xC3, 0x28]))))) },
        { "invalid UTF-8 in a string value", Field(1, Field(2, Field(2, Field(9, Field(2, Field(1, [0xff])))))) },
        { "invalid UTF-8 in a trace state", Field(1, Field(2, Field(2, Field(3, [0xED, 0xA0, 0x80])))) },
        { "invalid UTF-8 in a schema url", Field(1, Field(3, [0x80])) },
        { "invalid UTF-8 in a scope version", Field(1, Field(2, Field(1, Field(2, [0xfe])))) },
        { "invalid UTF-8 in a status message", Field(1, Field(2, Field(2, Field(15, Field(2, [0xc0, 0x80]))))) },
        { "invalid UTF-8 in an event name", Field(1, Field(2, Field(2, Field(11, Field(2, [0xf8]))))) },
        { "invalid UTF-8 in a link trace state", Field(1, Field(2, Field(2, Field(13, Field(3, [0xf8]))))) },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Decode_MalformedBytes_RefusedLikeTheGeneratedParser(string what, byte[] body)
    {
        Assert.Equal("refused", OtlpDecoderOracle.Reference(body));
        var ex = Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.Decode(body));
        Assert.Contains("not a valid protobuf", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(what);
    }

    [Fact]
    public void Decode_NestingDeeperThanTheRecursionLimit_Refused()
    {
        var value = Str("leaf");
        for (var i = 0; i < 60; i++)
        {
            value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        }
        var span = Span("deep", 1);
        span.Attributes.Add(Kv("deep", value));
        var body = OtlpPayloads.Request("svc", span).ToByteArray();

        OtlpDecoderOracle.AssertSame(body);
        Assert.Throws<OtlpDecodeException>(() => OtlpProtobufDecoder.Decode(body));
    }

    [Fact]
    public void Decode_EveryTruncationOfARichRequest_SameOutcomeAsReference()
    {
        var body = Request().ToByteArray();
        for (var length = 0; length < body.Length; length++)
        {
            OtlpDecoderOracle.AssertSame(body[..length]);
        }
    }

    [Fact]
    public void Decode_RandomCorruptions_SameOutcomeAsReference()
    {
        var original = Request().ToByteArray();
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var body = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }
            var changed = string.Join(",", Enumerable.Range(0, body.Length).Where(j => body[j] != original[j]).Select(j => $"{j}:{original[j]:X2}->{body[j]:X2}"));
            Assert.True(OtlpDecoderOracle.Reference(body) == OtlpDecoderOracle.Fast(body), $"corruption {i} changed {changed}");
        }
    }

    [Fact]
    public void Decode_SameResourceInTwoRequests_SpansShareOneResourceDictionary()
    {
        var service = $"svc-{Guid.NewGuid():N}";

        var first = OtlpProtobufDecoder.Decode(WithHost(OtlpPayloads.Valid(service, 2), "a").ToByteArray()).Spans;
        var second = OtlpProtobufDecoder.Decode(WithHost(OtlpPayloads.Valid(service, 1), "a").ToByteArray()).Spans;

        Assert.Same(first[0].ResourceAttributes, first[1].ResourceAttributes);
        Assert.Same(first[0].ResourceAttributes, second[0].ResourceAttributes);
    }

    [Fact]
    public void Decode_ResourceChangedBetweenRequests_SpansGetTheNewResource()
    {
        var service = $"svc-{Guid.NewGuid():N}";

        var first = OtlpProtobufDecoder.Decode(WithHost(OtlpPayloads.Valid(service, 1), "a").ToByteArray()).Spans;
        var second = OtlpProtobufDecoder.Decode(WithHost(OtlpPayloads.Valid(service, 1), "b").ToByteArray()).Spans;

        Assert.Equal("a", first[0].ResourceAttributes["host.name"]);
        Assert.Equal("b", second[0].ResourceAttributes["host.name"]);
    }

    [Fact]
    public void Decode_SiblingSpansWithRepeatedEvents_ShareParentIdAndEventAttributes()
    {
        var traceId = OtlpPayloads.RandomBytes(16);
        var rootId = OtlpPayloads.RandomBytes(8);
        var root = OtlpPayloads.Span("root", traceId, rootId);
        var children = Enumerable.Range(0, 3).Select(i => OtlpPayloads.Span($"child-{i}", traceId, parentId: rootId)).ToArray();
        foreach (var child in children)
        {
            child.Events.Add(new Qyl.Ingest.Otlp.Proto.Trace.Span.Types.Event { Name = "gen_ai.choice", TimeUnixNano = 7, Attributes = { OtlpPayloads.Attr("index", 0), OtlpPayloads.Attr("finish_reason", "stop") } });
        }
        children[2].Events.Add(new Qyl.Ingest.Otlp.Proto.Trace.Span.Types.Event { Name = "gen_ai.choice", TimeUnixNano = 8, Attributes = { OtlpPayloads.Attr("index", 1) } });

        var spans = OtlpProtobufDecoder.Decode(OtlpPayloads.Request("svc", [root, .. children]).ToByteArray()).Spans;

        Assert.All(spans.Skip(1), s => Assert.Same(spans[0].SpanId, s.ParentSpanId));
        Assert.All(spans.Skip(2), s => Assert.Same(spans[1].Events[0].Attributes, s.Events[0].Attributes));
        Assert.Equal(new Dictionary<string, object?> { ["index"] = 1L }, spans[3].Events[1].Attributes);
        OtlpDecoderOracle.AssertSame(OtlpPayloads.Request("svc", [root, .. children]).ToByteArray());
    }

    private static ExportTraceServiceRequest WithHost(ExportTraceServiceRequest request, string host)
    {
        request.ResourceSpans[0].Resource.Attributes.Add(OtlpPayloads.Attr("host.name", host));
        return request;
    }

    private static byte[] Field(int number, byte[] payload)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(payload));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
