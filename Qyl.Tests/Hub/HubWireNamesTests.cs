using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Hub;

/// <summary>The hub's own protocol instances write the contract's camelCase names on the wire.</summary>
public sealed class HubWireNamesTests
{
    private static readonly string[] s_names = ["\"key\"", "\"spans\"", "\"seq\"", "\"traceId\"", "\"spanId\"", "\"serviceName\"", "\"sessionId\"", "\"startTimeUnixNano\"", "\"durationMs\"", "\"genAi\"", "\"inputTokens\"", "\"resourceAttributes\"", "\"scopeName\""];

    [Fact]
    public async Task WriteMessage_MessagePackSpans_MapKeysAreContractNames()
    {
        await using var host = await QylTestHost.StartAsync();
        var frame = Write(host, "messagepack");
        // A binary SignalR frame is a varint length prefix, then the MessagePack message.
        var offset = 0;
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = frame[offset++];
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }
        Assert.Equal(frame.Length - offset, length);
        var json = MessagePackSerializer.ConvertToJson(frame.AsMemory(offset));
        foreach (var name in s_names)
        {
            Assert.Contains(name + ":", json, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("\"TraceId\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteMessage_JsonSpans_PropertyNamesAreContractNames()
    {
        await using var host = await QylTestHost.StartAsync();
        var frame = Write(host, "json");
        Assert.Equal(0x1e, frame[^1]);
        var text = Encoding.UTF8.GetString(frame, 0, frame.Length - 1);
        foreach (var name in s_names)
        {
            Assert.Contains(name + ":", text, StringComparison.Ordinal);
        }
        using var doc = JsonDocument.Parse(text);
        var batch = doc.RootElement.GetProperty("arguments")[0];
        Assert.Equal("*", batch.GetProperty("key").GetString());
        Assert.Equal(42, batch.GetProperty("spans")[0].GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task WriteMessage_InProgressAndFinished_EndAndDurationNullOnlyWhileInProgress(string protocolName)
    {
        await using var host = await QylTestHost.StartAsync();
        var finished = TestSpans.Create() with { Seq = 42 };
        var running = finished with { Seq = 41, InProgress = true, EndTimeUnixNano = null, DurationMs = null };

        var finishedJson = SpanAsJson(Write(host, protocolName, finished), protocolName);
        Assert.False(finishedJson.GetProperty("inProgress").GetBoolean());
        Assert.Equal(finished.EndTimeUnixNano, finishedJson.GetProperty("endTimeUnixNano").GetInt64());
        Assert.Equal(finished.DurationMs, finishedJson.GetProperty("durationMs").GetDouble());

        var runningJson = SpanAsJson(Write(host, protocolName, running), protocolName);
        Assert.True(runningJson.GetProperty("inProgress").GetBoolean());
        Assert.Equal(JsonValueKind.Null, runningJson.GetProperty("endTimeUnixNano").ValueKind);
        Assert.Equal(JsonValueKind.Null, runningJson.GetProperty("durationMs").ValueKind);
    }

    private static JsonElement SpanAsJson(byte[] frame, string protocolName)
    {
        string text;
        if (protocolName == "json")
        {
            text = Encoding.UTF8.GetString(frame, 0, frame.Length - 1);
        }
        else
        {
            var offset = 0;
            while ((frame[offset++] & 0x80) != 0)
            {
            }
            // [type, headers, invocationId, target, [batch], streamIds]: the batch is argument 0.
            var message = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(frame.AsMemory(offset))).RootElement;
            return message[4][0].GetProperty("spans")[0].Clone();
        }
        return JsonDocument.Parse(text).RootElement.GetProperty("arguments")[0].GetProperty("spans")[0].Clone();
    }

    private static byte[] Write(QylTestHost host, string protocolName) =>
        Write(host, protocolName, TestSpans.Create(sessionId: "s1", genAi: true) with { Seq = 42, ScopeName = "scope" });

    private static byte[] Write(QylTestHost host, string protocolName, SpanRecord span)
    {
        var protocol = host.Services.GetRequiredService<IHubProtocolResolver>().GetProtocol(protocolName, null);
        Assert.NotNull(protocol);
        var batch = new SpanBatch { Key = SpanFilter.AllKey, Spans = [span] };
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new InvocationMessage(TelemetryHubPaths.SpansMethod, [batch]), buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
