using Qyl.Contracts;

namespace Qyl.Testing.Workload;

/// <summary>The chat and tool calls of an agent trace, with their HTTP and database children.</summary>
internal sealed partial class WorkloadTrace
{
    private static readonly double[] Temperatures = [0.0, 0.2, 0.7, 1.0];
    private static readonly long[] MaxTokens = [256, 1024, 2048, 4096];

    private long Chat(int agent, long cursor, bool last, ref long inputTokens)
    {
        var start = cursor;
        var end = start + LogUniform(random, 250, 9000) * Ms;
        var slot = Add(agent, $"chat {_model.Request}", 3, WorkloadScope.GenAi, start, end, out var chat);
        if (chat is null)
        {
            return end;
        }
        var roll = random.NextDouble();
        var finish = !last ? "tool_calls" : roll < 0.85 ? "stop" : roll < 0.95 ? "length" : "content_filter";
        var failed = random.NextDouble() < 0.02;
        var maxTokens = Pick(random, MaxTokens);
        var output = finish == "length" ? maxTokens : finish == "tool_calls" ? LogUniform(random, 12, 180) : Math.Min(maxTokens, LogUniform(random, 20, 1600));
        chat.With("gen_ai.operation.name", "chat").With("gen_ai.provider.name", _model.Provider)
            .With("gen_ai.request.model", _model.Request).With("gen_ai.request.temperature", Pick(random, Temperatures))
            .With("gen_ai.request.max_tokens", maxTokens);
        chat.GenAi = new GenAiInfo { OperationName = "chat", ProviderName = _model.Provider, RequestModel = _model.Request };
        if (!failed)
        {
            chat.With("gen_ai.response.model", _model.Response).With("gen_ai.response.id", _model.ResponseIdPrefix + Alnum(random, 24))
                .With("gen_ai.response.finish_reasons", new[] { finish })
                .With("gen_ai.usage.input_tokens", inputTokens).With("gen_ai.usage.output_tokens", output);
            chat.GenAi = chat.GenAi with { ResponseModel = _model.Response, InputTokens = inputTokens, OutputTokens = output };
        }
        chat.With("server.address", _model.Host).With("server.port", 443L).With(SessionKey, _session);
        chat.SessionId = _session;
        var contentShare = service.Language switch { "python" => 0.6, "nodejs" => 0.4, _ => 0.3 };
        if (random.NextDouble() < contentShare)
        {
            WorkloadMessages.Add(random, chat, finish, failed);
        }
        if (failed)
        {
            chat.StatusCode = 2;
            chat.StatusMessage = "429 Too Many Requests: rate limit reached for requests";
            chat.With("error.type", "429");
        }
        else if (service.Language == "dotnet")
        {
            chat.Events.Add(new WorkloadEvent("gen_ai.choice", 0, [new("index", 0L), new("finish_reason", finish)]));
        }
        var http = Add(slot, "POST", 3, WorkloadScope.HttpClient, start + (Ms / 3), end - (Ms / 5), out var call);
        if (http >= 0)
        {
            HttpAttributes(call!, "POST", $"https://{_model.Host}{_model.Path}", _model.Host, failed ? 429 : 200);
        }
        inputTokens += output + LogUniform(random, 50, 3000);
        return end + (random.Next(200, 3000) * 1000);
    }

    private long Tool(int agent, long cursor)
    {
        var tool = Pick(random, WorkloadCatalog.Tools);
        var start = cursor;
        var end = start + LogUniform(random, 3, 2500) * Ms;
        var slot = Add(agent, $"execute_tool {tool.Name}", 1, WorkloadScope.GenAi, start, end, out var span);
        if (span is null)
        {
            return end;
        }
        var callId = _model.Provider == "anthropic" ? $"toolu_01{Alnum(random, 22)}" : $"call_{Alnum(random, 24)}";
        span.With("gen_ai.operation.name", "execute_tool").With("gen_ai.tool.name", tool.Name)
            .With("gen_ai.tool.call.id", callId).With("gen_ai.tool.type", "function");
        if (service.Language == "dotnet")
        {
            span.With("gen_ai.tool.description", tool.Description);
        }
        span.With(SessionKey, _session);
        span.SessionId = _session;
        span.GenAi = new GenAiInfo { OperationName = "execute_tool", ToolName = tool.Name };
        var failed = random.NextDouble() < 0.06;
        var childStart = start + (Ms / 2);
        var childEnd = end - (Ms / 4);
        if (tool.Http is { } request)
        {
            var url = tool.UrlParts is { } parts ? request.Url.Replace("{0}", Pick(random, parts), StringComparison.Ordinal) : request.Url;
            var host = new Uri(url).Host;
            var httpEnd = tool.Sql is null ? childEnd : childStart + ((childEnd - childStart) / 2);
            if (Add(slot, request.Method, 3, WorkloadScope.HttpClient, childStart, httpEnd, out var call) >= 0)
            {
                HttpAttributes(call!, request.Method, url, host, failed ? 503 : 200);
            }
            childStart = httpEnd + (Ms / 10);
        }
        if (tool.Sql is { } statements)
        {
            var sql = Pick(random, statements);
            var operation = sql[..sql.IndexOf(' ', StringComparison.Ordinal)];
            if (Add(slot, $"{operation} {tool.Collection}", 3, WorkloadScope.Database, childStart, childEnd, out var query) >= 0)
            {
                DatabaseAttributes(query!, operation, tool.Collection, sql);
            }
        }
        if (failed)
        {
            span.StatusCode = 2;
            span.StatusMessage = tool.Http is null ? "tool timed out after 30 s" : "upstream answered 503 Service Unavailable";
            span.With("error.type", tool.Http is null ? "timeout" : "503");
            span.Events.Add(new WorkloadEvent("exception", 0,
            [
                new("exception.type", tool.Http is null ? "System.TimeoutException" : "System.Net.Http.HttpRequestException"),
                new("exception.message", span.StatusMessage),
                new("exception.stacktrace", $"{(tool.Http is null ? "System.TimeoutException" : "System.Net.Http.HttpRequestException")}: {span.StatusMessage}\n   at Acme.Agents.Tools.{tool.Name}.InvokeAsync(ToolCall call, CancellationToken cancellationToken) in /src/Agents/Tools/{tool.Name}.cs:line {random.Next(20, 400)}\n   at Acme.Agents.ToolRunner.RunAsync(ToolCall call, CancellationToken cancellationToken) in /src/Agents/ToolRunner.cs:line 88\n   at Acme.Agents.AgentLoop.StepAsync(AgentState state, CancellationToken cancellationToken) in /src/Agents/AgentLoop.cs:line 142"),
            ]));
        }
        return end + (random.Next(100, 2000) * 1000);
    }

    private void HttpAttributes(WorkloadSpan span, string method, string url, string host, int status)
    {
        if (service.Language == "python")
        {
            // opentelemetry-instrumentation-httpx still emits the older HTTP conventions by default.
            span.With("http.method", method).With("http.url", url).With("http.status_code", (long)status).With("net.peer.name", host);
        }
        else
        {
            span.With("http.request.method", method).With("url.full", url).With("server.address", host)
                .With("server.port", 443L).With("http.response.status_code", (long)status).With("network.protocol.version", "1.1");
        }
        if (status >= 400)
        {
            span.StatusCode = 2;
            span.With("error.type", Text(status));
        }
    }

    private void DatabaseAttributes(WorkloadSpan span, string operation, string collection, string sql)
    {
        switch (service.Language)
        {
            case "dotnet":
                span.With("db.system.name", "postgresql").With("db.namespace", "shop").With("db.operation.name", operation)
                    .With("db.collection.name", collection).With("db.query.text", sql)
                    .With("server.address", "pg-primary.data.svc").With("server.port", 5432L);
                break;
            case "python":
                span.With("db.system", "postgresql").With("db.name", "shop").With("db.statement", sql).With("db.user", "app")
                    .With("net.peer.name", "pg-primary.data.svc").With("net.peer.port", 5432L);
                break;
            default:
                span.With("db.system", "postgresql").With("db.name", "shop").With("db.statement", sql).With("db.user", "web")
                    .With("db.connection_string", "postgresql://pg-primary.data.svc:5432/shop")
                    .With("net.peer.name", "pg-primary.data.svc").With("net.peer.port", 5432L);
                break;
        }
    }
}
