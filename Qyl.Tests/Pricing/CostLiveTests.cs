using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;
using static Qyl.Tests.Otlp.OtlpPayloads;

namespace Qyl.Tests.Pricing;

/// <summary>A model call sent over OTLP reaches live hub clients with its cost, on every transport and protocol.</summary>
public sealed class CostLiveTests
{
    [Theory]
    [InlineData(HttpTransportType.WebSockets, "json")]
    [InlineData(HttpTransportType.WebSockets, "messagepack")]
    [InlineData(HttpTransportType.ServerSentEvents, "json")]
    [InlineData(HttpTransportType.LongPolling, "messagepack")]
    public async Task Subscribe_PricedCallExported_LiveRecordCarriesExactCost(HttpTransportType transport, string protocol)
    {
        await using var host = await QylTestHost.StartAsync();
        await using var connection = host.CreateHubConnection(transport, protocol);
        var recorder = new HubRecorder(connection);
        await connection.StartAsync().WithTimeout();
        await connection.InvokeAsync<string>(nameof(ITelemetryHub.Subscribe), SpanFilter.All, (long?)null).WithTimeout();

        var span = Span("chat claude-3-5-haiku");
        span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Attr("gen_ai.provider.name", "anthropic"));
        span.Attributes.Add(Attr("gen_ai.request.model", "claude-3-5-haiku-latest"));
        span.Attributes.Add(Attr("gen_ai.response.model", "claude-3-5-haiku-20241022"));
        span.Attributes.Add(Attr("gen_ai.usage.input_tokens", 5_432));
        span.Attributes.Add(Attr("gen_ai.usage.output_tokens", 210));
        span.Attributes.Add(Attr("gen_ai.usage.cache_read.input_tokens", 4_096));
        using var client = host.CreateOtlpHttpClient();
        using var response = await client.PostTracesAsync(OtlpTestClient.Protobuf(Request("live-cost", span))).WithTimeout();
        response.EnsureSuccessStatusCode();

        await LiveTestExtensions.WaitUntilAsync(() => recorder.Count(SpanFilter.AllKey) >= 1, because: "the live span");
        var received = recorder.Events.OfType<SpanBatch>().SelectMany(b => b.Spans).Single();
        Assert.Equal((double)PricedCalls.Expected("anthropic", "claude-3-5-haiku", 5_432, 210, 4_096), received.GenAi?.CostUsd);
    }
}
