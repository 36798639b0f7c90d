namespace Qyl.Tests.Infrastructure;

/// <summary>A clock that moves only when the test says so.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock by <paramref name="delta"/> (negative moves it back).</summary>
    public void Advance(TimeSpan delta) => _now += delta;
}
