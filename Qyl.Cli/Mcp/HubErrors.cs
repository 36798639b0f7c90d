using System.Net;
using Qyl.Mcp;

namespace Qyl.Cli.Mcp;

/// <summary>Hub answers that are not the caller's mistake become tool errors that say how to fix them.</summary>
internal static class HubErrors
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, Uri hub, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new TelemetryUnavailableException($"The qyl hub at {hub} refused the API key (401): start qyl mcp with --api-key (or $QYL_API_KEY) set to the hub's Qyl:ApiKey.");
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 500)
        {
            body = body[..500] + "…";
        }
        throw new TelemetryUnavailableException($"The qyl hub at {hub} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }

    public static TelemetryUnavailableException Unreachable(Uri hub, Exception ex) =>
        new($"Cannot reach the qyl hub at {hub} ({ex.Message}); is Qyl.Hub running, and is qyl mcp --url right?", ex);
}
