using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;
using Qyl.Tests.Otlp;

namespace Qyl.Tests.Postgres;

/// <summary>Logs end to end on PostgreSQL: OTLP in over HTTP and gRPC, one seq chain with spans, the query API out.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLogsHubTests(PostgresFixture postgres) : FreshDatabaseTests(postgres)
{
    [Fact]
    public async Task OtlpLogsAndSpans_PostgresHub_OneSeqOrderAndQueryApiServesBoth()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Qyl:Storage:RetentionHours"] = "87600", // test payloads are from 2023
        });
        using var otlp = host.CreateOtlpHttpClient();
        using var http = host.CreateHttpClient();
        var traceBytes = OtlpPayloads.RandomBytes(16);
        var traceId = Convert.ToHexStringLower(traceBytes);

        using (var spans = await otlp.PostTracesAsync(OtlpTestClient.Protobuf(OtlpPayloads.Request("pg-logs", OtlpPayloads.Span("step", traceId: traceBytes)))))
        using (var logs = await otlp.PostLogsAsync(OtlpTestClient.Protobuf(OtlpLogPayloads.Valid("pg-logs", traceBytes, 2))))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (spans.StatusCode, logs.StatusCode));
        }
        var grpc = await host.ExportLogsGrpcAsync(OtlpLogPayloads.WithBadIds("pg-logs"));

        Assert.Equal(3, grpc.PartialSuccess.RejectedLogRecords);
        using var detail = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/traces/{traceId}", UriKind.Relative)).WithTimeout());
        var spanSeq = Assert.Single(detail.RootElement.GetProperty("spans").EnumerateArray()).GetProperty("seq").GetInt64();
        var logSeqs = detail.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(2, logSeqs.Count);
        Assert.True(spanSeq < logSeqs[0] && logSeqs[0] < logSeqs[1]);
        using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/logs?serviceName=pg-logs", UriKind.Relative)).WithTimeout());
        Assert.Equal(
            ["line-0", "line-1", "good-1", "good-2"],
            page.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("body").GetString()));
    }
}
