using Microsoft.AspNetCore.SignalR;

namespace Qyl.Hub.Streaming;

/// <summary>The <c>error.type</c> values of <c>qyl.hub.errors</c>.</summary>
internal static class HubErrorTypes
{
    /// <summary>A request refused for a missing or wrong API key (401).</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A hub method that threw: a refused argument (HubException) or a failure.</summary>
    public const string HubMethod = "hub_method";

    /// <summary>Delivery to a connection failed other than by a disconnect (the store down during a resume); the connection was closed.</summary>
    public const string Delivery = "delivery";

    /// <summary>Every value, each a <c>qyl_hub_errors_total</c> series from startup.</summary>
    public static readonly string[] All = [Unauthorized, HubMethod, Delivery];
}

/// <summary>
/// Counts hub invocations that throw in <c>qyl.hub.errors</c>. SignalR answers them with an error
/// completion to the caller only; this makes them visible to operators too.
/// </summary>
internal sealed class HubErrorCountingFilter(HubMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Error(HubErrorTypes.HubMethod);
            throw;
        }
    }
}
