using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Cli.Tail;
using Qyl.Client;
using Qyl.Contracts;
using Qyl.Tests.Client;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Cli;

/// <summary>
/// A record received from the real hub, over either protocol, with every attribute value kind in its
/// attributes, resource attributes and events, prints and re-serializes to exactly what the query
/// API gives for the same span.
/// </summary>
public sealed class ReceivedRecordTests
{
    private static int s_trace;

    internal static string NewTraceId() => $"{0xfeed0000 + Interlocked.Increment(ref s_trace):x8}" + new string('a', 24);

    /// <summary>Ingests the every-value span over OTLP/HTTP protobuf and returns the query API's text of its record.</summary>
    private static Task<string> IngestAndReadBackAsync(QylTestHost host, string traceId) => IngestAndReadBackAsync(host, host, traceId);

    /// <summary>Ingests into <paramref name="ingest"/> and reads the record back from <paramref name="query"/>.</summary>
    internal static async Task<string> IngestAndReadBackAsync(QylTestHost ingest, QylTestHost query, string traceId)
    {
        var host = query;
        using var otlp = ingest.CreateOtlpHttpClient();
        using var response = await otlp.PostTracesAsync(OtlpTestClient.Protobuf(EveryValueRequest.Create(traceId)));
        response.EnsureSuccessStatusCode();
        await host.WaitForTraceAsync(traceId, 1);
        using var http = host.CreateHttpClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/traces/{traceId}", UriKind.Relative)));
        return Assert.Single(doc.RootElement.GetProperty("spans").EnumerateArray().ToList()).GetRawText();
    }

    internal static void AssertAttributeValueTypes(SpanRecord span)
    {
        Assert.True(AttributeValues.IsCanonical(span.Attributes), "attributes");
        Assert.True(AttributeValues.IsCanonical(span.ResourceAttributes), "resource attributes");
        Assert.All(span.Events, e => Assert.True(AttributeValues.IsCanonical(e.Attributes), $"event {e.Name}"));
        Assert.IsType<long>(span.Attributes["i"]);
        Assert.IsType<double>(span.Attributes["integral double"]);
        Assert.IsType<Dictionary<string, object?>>(span.ResourceAttributes["kv"]);
        Assert.IsType<object?[]>(span.Events[0].Attributes["arr"]);
        Assert.Null(span.Attributes["empty"]);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task TailJson_EveryAttributeValueKind_PrintsExactlyTheQueryApiRecord(string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var traceId = NewTraceId();
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--json", "--protocol", protocol, "--trace", traceId,
            "--since-seq", (await QylClientRealHubTests.CursorAsync(host)).ToString(CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var expected = await IngestAndReadBackAsync(host, traceId);

        Assert.Equal(expected, await cli.ReadLineAsync());
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.DoesNotContain("could not print", cli.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task TailPlain_EveryAttributeValueKind_PrintsTheLineOfTheQueryApiRecord(string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        var traceId = NewTraceId();
        await using var cli = CliProcess.Start("tail", "--url", host.HttpUri.ToString(), "--protocol", protocol, "--trace", traceId,
            "--since-seq", (await QylClientRealHubTests.CursorAsync(host)).ToString(CultureInfo.InvariantCulture));
        await cli.WaitForStderrAsync("following");

        var expected = JsonSerializer.Deserialize(await IngestAndReadBackAsync(host, traceId), QylJsonContext.Default.SpanRecord)!;

        var line = await cli.ReadLineAsync();
        Assert.Equal(new SpanLineFormatter(color: false, TimeZoneInfo.Local).Format(expected), line);
        Assert.Contains(" every-value ", line, StringComparison.Ordinal);
        Assert.Contains(" every value ", line, StringComparison.Ordinal);
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
    }

    [Theory]
    [InlineData(QylProtocol.Json)]
    [InlineData(QylProtocol.MessagePack)]
    public async Task QylClient_EveryAttributeValueKind_ReceivesTheQueryApiRecordWithAttributeValueTypes(QylProtocol protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var client = new QylClient(new QylClientOptions { BaseUrl = host.HttpUri, Protocol = protocol });
        var traceId = NewTraceId();
        await using var collector = new SpanCollector(client, new SpanFilter { TraceId = traceId }, await QylClientRealHubTests.CursorAsync(host));

        var expected = await IngestAndReadBackAsync(host, traceId);

        var span = Assert.Single(await collector.TakeAsync(1, Timeouts.Long));
        Assert.Equal(expected, SpanLineFormatter.ToJson(span));
        Assert.Equal(expected, JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord));
        AssertAttributeValueTypes(span);
        var stored = Assert.Single(await host.StoredAsync(new SpanFilter { TraceId = traceId }));
        // NaN and the infinities travel JSON as strings (AttributeValues); every other value is the same value of the same type.
        var exact = protocol == QylProtocol.MessagePack;
        Assert.True(AttributeValues.Same(Comparable(stored.Attributes, exact), Comparable(span.Attributes, exact)));
        Assert.True(AttributeValues.Same(Comparable(stored.ResourceAttributes, exact), Comparable(span.ResourceAttributes, exact)));
        Assert.True(AttributeValues.Same(Comparable(stored.Events[0].Attributes, exact), Comparable(span.Events[0].Attributes, exact)));
        if (!exact)
        {
            Assert.Equal("NaN", span.Attributes["nan"]);
            Assert.Equal("-Infinity", span.Attributes["infinity"]);
        }
    }

    private static Dictionary<string, object?> Comparable(Dictionary<string, object?> values, bool exact) =>
        exact ? values : values.Where(kv => kv.Key is not ("nan" or "infinity")).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task PlainHubConnection_EveryAttributeValueKind_ReceivesAttributeValueTypes(string protocol)
    {
        // A client built with SignalR's own defaults (reflection JSON, standard MessagePack resolvers):
        // the converters sit on the contract's properties, so it gets the same values as QylClient.
        await using var host = await QylTestHost.StartAsync();
        await using var connection = host.CreateHubConnection(protocol: protocol);
        var received = new TaskCompletionSource<SpanRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<SpanBatch>(TelemetryHubPaths.SpansMethod, batch => received.TrySetResult(batch.Spans[0]));
        await connection.StartAsync();
        var traceId = NewTraceId();
        await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), new SpanFilter { TraceId = traceId }, await QylClientRealHubTests.CursorAsync(host));

        var expected = await IngestAndReadBackAsync(host, traceId);

        var span = await received.Task.WithTimeout(Timeouts.Long);
        Assert.Equal(expected, JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord));
        AssertAttributeValueTypes(span);
    }

    [Fact]
    public async Task TailPlain_RecordThatCannotBePrinted_SaysSoAndGoesOn()
    {
        await using var hub = await FakeHubHost.StartAsync();
        await using var cli = CliProcess.Start("tail", "--url", hub.Url.ToString());
        var (key, _) = await hub.State.Subscribes.Reader.ReadAsync().AsTask().WithTimeout(Timeouts.Long);

        // A hub that sends a span without ids (no qyl hub does): the line cannot be made.
        var broken = TestSpans.Create(serviceName: "broken") with { Seq = 1, TraceId = null!, SpanId = null! };
        await hub.SendAsync(key, broken, TestSpans.Create(serviceName: "fine") with { Seq = 2 });

        Assert.Contains(" fine ", await cli.ReadLineAsync(), StringComparison.Ordinal);
        await cli.WaitForStderrAsync("could not print the span with seq 1");
        await cli.SignalAsync("INT");
        Assert.Equal(0, await cli.WaitForExitAsync());
    }
}
