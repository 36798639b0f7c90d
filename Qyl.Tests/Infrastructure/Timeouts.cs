namespace Qyl.Tests.Infrastructure;

/// <summary>Every await in a test is bounded; these are the bounds.</summary>
public static class Timeouts
{
    /// <summary>For one operation that should be quick (a request, a message).</summary>
    public static readonly TimeSpan Short = TimeSpan.FromSeconds(10);

    /// <summary>For a whole scenario.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    /// <summary>Awaits <paramref name="task"/> or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) =>
        await task.WaitAsync(timeout ?? Short);

    /// <summary>Awaits <paramref name="task"/> or fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WithTimeout(this Task task, TimeSpan? timeout = null) =>
        await task.WaitAsync(timeout ?? Short);
}
