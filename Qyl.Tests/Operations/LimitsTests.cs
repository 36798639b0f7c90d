using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Operations;

public sealed class LimitsTests
{
    [Fact]
    public async Task Subscribe_MessageOverMaxHubMessageBytes_ClosesConnection()
    {
        await using var host = await QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Limits:MaxHubMessageBytes"] = "1024" });
        await using var connection = host.CreateHubConnection();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await connection.StartAsync().WithTimeout();

        var small = await connection.InvokeAsync<string>("Subscribe", new SpanFilter { ServiceName = "ok" }, (long?)null).WithTimeout();
        Assert.Equal("serviceName=ok", small);

        var huge = new SpanFilter { ServiceName = new string('x', 4000) };
        await Assert.ThrowsAnyAsync<Exception>(() => connection.InvokeAsync<string>("Subscribe", huge, (long?)null).WithTimeout());
        await closed.Task.WithTimeout();
    }

    [Fact]
    public async Task StartAsync_InvalidLimit_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            QylTestHost.StartAsync(new Dictionary<string, string?> { ["Qyl:Limits:ClientTimeoutSeconds"] = "0" }));
        Assert.Contains("Qyl:Limits:ClientTimeoutSeconds", error.Message, StringComparison.Ordinal);
    }
}
