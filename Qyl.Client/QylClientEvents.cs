namespace Qyl.Client;

/// <summary>The state of a <see cref="QylClient"/>'s connection.</summary>
public enum QylConnectionState
{
    /// <summary>Not connected; the first connection is being attempted.</summary>
    Connecting,

    /// <summary>Connected and every subscription (re)subscribed.</summary>
    Connected,

    /// <summary>The connection was lost or an attempt failed; retrying after a delay.</summary>
    Reconnecting,

    /// <summary>Stopped for good (disposed, or the hub refused the API key).</summary>
    Closed,
}

/// <summary>A change of <see cref="QylConnectionState"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="Attempt">Failed attempts in a row (0 once connected).</param>
/// <param name="RetryDelay">How long the client waits before the next attempt, when reconnecting.</param>
/// <param name="Error">Why the connection was lost or the attempt failed, if known.</param>
public sealed record QylConnectionStateChange(QylConnectionState State, int Attempt, TimeSpan RetryDelay, Exception? Error);

/// <summary>The hub answered 401: the API key is missing or wrong. Retrying will not help.</summary>
public sealed class QylUnauthorizedException(string message, Exception? inner = null) : Exception(message, inner);
