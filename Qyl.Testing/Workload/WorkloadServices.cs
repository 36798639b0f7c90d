namespace Qyl.Testing.Workload;

/// <summary>
/// The services of the realistic workload, two instances each, with resources as the OpenTelemetry
/// .NET (1.20), Python (1.38) and JavaScript (2.x) SDKs send them with their default detectors:
/// telemetry.sdk.*, service.*, deployment environment, process.* and host.* / os.*.
/// </summary>
public static class WorkloadServices
{
    /// <summary>Every service instance, in a fixed order.</summary>
    public static IReadOnlyList<WorkloadService> All { get; } =
    [
        DotNet("checkout-agent", "2.14.0", "production", 0),
        Python("support-bot", "0.9.3", "production", 0),
        Node("web-frontend", "5.2.1", "production", 0),
        Python("research-agent", "1.1.0", "staging", 0),
        DotNet("claims-copilot", "3.0.2", "production", 0),
        DotNet("checkout-agent", "2.14.0", "production", 1),
        Python("support-bot", "0.9.3", "production", 1),
        Node("web-frontend", "5.2.1", "production", 1),
        Python("research-agent", "1.1.0", "staging", 1),
        DotNet("claims-copilot", "3.0.2", "production", 1),
    ];

    private static WorkloadService DotNet(string name, string version, string environment, int instance)
    {
        var host = $"{name}-{Pod(name, instance)}";
        return new WorkloadService(name, "dotnet",
        [
            new("service.name", name),
            new("service.version", version),
            new("service.instance.id", Guid(name, instance)),
            new("deployment.environment.name", environment),
            new("telemetry.sdk.name", "opentelemetry"),
            new("telemetry.sdk.language", "dotnet"),
            new("telemetry.sdk.version", "1.20.1"),
            new("host.name", host),
            new("host.arch", "amd64"),
            new("os.type", "linux"),
            new("os.description", "Debian GNU/Linux 12 (bookworm)"),
            new("process.pid", 1L + instance),
            new("process.owner", "app"),
            new("process.runtime.name", ".NET"),
            new("process.runtime.version", "10.0.0"),
            new("process.runtime.description", ".NET 10.0.0"),
            new("process.executable.name", name),
        ], Scopes(
            ("Experimental.Microsoft.Extensions.AI", "10.11.0"), ("System.Net.Http", "10.0.0"),
            ("Npgsql", "9.0.4"), ("Microsoft.AspNetCore", "10.0.0")));
    }

    private static WorkloadService Python(string name, string version, string environment, int instance)
    {
        var host = $"{name}-{Pod(name, instance)}";
        return new WorkloadService(name, "python",
        [
            new("telemetry.sdk.language", "python"),
            new("telemetry.sdk.name", "opentelemetry"),
            new("telemetry.sdk.version", "1.38.0"),
            new("service.name", name),
            new("service.version", version),
            new("deployment.environment", environment),
            new("process.pid", 7L + instance),
            new("process.executable.name", "python3.12"),
            new("process.executable.path", "/usr/local/bin/python3.12"),
            new("process.command", "/app/.venv/bin/uvicorn"),
            new("process.command_line", "/usr/local/bin/python3.12 /app/.venv/bin/uvicorn app.main:app --host 0.0.0.0 --port 8000"),
            new("process.command_args", new[] { "/usr/local/bin/python3.12", "/app/.venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000" }),
            new("process.parent_pid", 1L),
            new("process.runtime.name", "cpython"),
            new("process.runtime.version", "3.12.7"),
            new("process.runtime.description", "3.12.7 (main, Oct 19 2024, 04:11:53) [GCC 12.2.0]"),
            new("process.owner", "app"),
            new("host.name", host),
            new("host.arch", "x86_64"),
            new("os.type", "linux"),
            new("os.version", "6.8.0-1019-aws"),
        ], Scopes(
            ("opentelemetry.instrumentation.openai_v2", "2.1b0"), ("opentelemetry.instrumentation.httpx", "0.59b0"),
            ("opentelemetry.instrumentation.psycopg", "0.59b0"), ("opentelemetry.instrumentation.fastapi", "0.59b0")));
    }

    private static WorkloadService Node(string name, string version, string environment, int instance)
    {
        var host = $"{name}-{Pod(name, instance)}";
        return new WorkloadService(name, "nodejs",
        [
            new("service.name", name),
            new("service.version", version),
            new("deployment.environment.name", environment),
            new("telemetry.sdk.language", "nodejs"),
            new("telemetry.sdk.name", "opentelemetry"),
            new("telemetry.sdk.version", "2.1.0"),
            new("process.pid", 23L + instance),
            new("process.executable.name", "node"),
            new("process.executable.path", "/usr/local/bin/node"),
            new("process.command_args", new[] { "/usr/local/bin/node", "--enable-source-maps", "--import", "./instrumentation.mjs", "dist/server.js" }),
            new("process.runtime.version", "22.11.0"),
            new("process.runtime.name", "nodejs"),
            new("process.runtime.description", "Node.js"),
            new("process.command", "/app/dist/server.js"),
            new("process.owner", "node"),
            new("host.name", host),
            new("host.arch", "amd64"),
            new("host.id", Guid(host, 7).Replace("-", "", StringComparison.Ordinal)),
            new("os.type", "linux"),
        ], Scopes(
            ("@opentelemetry/instrumentation-openai", "0.3.0"), ("@opentelemetry/instrumentation-undici", "0.15.0"),
            ("@opentelemetry/instrumentation-pg", "0.57.0"), ("@opentelemetry/instrumentation-http", "0.205.0")));
    }

    private static Dictionary<WorkloadScope, (string, string)> Scopes((string, string) genAi, (string, string) http, (string, string) db, (string, string) server) =>
        new()
        {
            [WorkloadScope.GenAi] = genAi,
            [WorkloadScope.HttpClient] = http,
            [WorkloadScope.Database] = db,
            [WorkloadScope.HttpServer] = server,
        };

    // Stable per name and instance: the same workload every run.
    private static string Pod(string name, int instance) =>
        $"{(uint)Hash(name, instance) % 0x1000000:x6}-{(uint)Hash(name, instance + 100) % 100000:d5}";

    private static string Guid(string name, int instance)
    {
        var bytes = new byte[16];
        new Random(Hash(name, instance)).NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static int Hash(string name, int salt)
    {
        var hash = 17 + salt;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash & 0x7fffffff;
    }
}
