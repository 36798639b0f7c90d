namespace Qyl.Testing.Workload;

/// <summary>A model as a provider serves it: what is asked for, what answers, and where.</summary>
/// <param name="Provider">gen_ai.provider.name.</param>
/// <param name="Request">gen_ai.request.model.</param>
/// <param name="Response">gen_ai.response.model.</param>
/// <param name="Host">server.address.</param>
/// <param name="Path">The chat endpoint's path (url.full of the HTTP child).</param>
/// <param name="ResponseIdPrefix">How the provider's response ids start.</param>
public sealed record WorkloadModel(string Provider, string Request, string Response, string Host, string Path, string ResponseIdPrefix);

/// <summary>A tool an agent calls, and the requests it makes (an HTTP call, a database statement, both or neither).</summary>
/// <param name="Name">gen_ai.tool.name.</param>
/// <param name="Description">gen_ai.tool.description.</param>
/// <param name="Http">HTTP method and URL with <c>{0}</c> for a varying part, or null.</param>
/// <param name="Sql">Database statement texts (one is picked per call), or null.</param>
/// <param name="Collection">The table the statement touches.</param>
/// <param name="UrlParts">What <c>{0}</c> in the URL becomes (one picked per call).</param>
public sealed record WorkloadTool(string Name, string Description, (string Method, string Url)? Http, string[]? Sql, string Collection, string[]? UrlParts = null);

/// <summary>The realistic workload's vocabulary: models, agents, tools, statements and words.</summary>
public static class WorkloadCatalog
{
    /// <summary>Models, roughly in proportion to how often they are called.</summary>
    public static IReadOnlyList<WorkloadModel> Models { get; } =
    [
        new("openai", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", "/v1/chat/completions", "chatcmpl-"),
        new("openai", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", "/v1/chat/completions", "chatcmpl-"),
        new("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "api.openai.com", "/v1/chat/completions", "chatcmpl-"),
        new("openai", "gpt-4.1", "gpt-4.1-2025-04-14", "api.openai.com", "/v1/chat/completions", "chatcmpl-"),
        new("openai", "o3-mini", "o3-mini-2025-01-31", "api.openai.com", "/v1/chat/completions", "chatcmpl-"),
        new("anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4-20250514", "api.anthropic.com", "/v1/messages", "msg_01"),
        new("anthropic", "claude-3-5-haiku-20241022", "claude-3-5-haiku-20241022", "api.anthropic.com", "/v1/messages", "msg_01"),
        new("azure.ai.openai", "gpt-4o", "gpt-4o-2024-11-20", "contoso-eastus2.openai.azure.com", "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", "chatcmpl-"),
        new("gcp.gemini", "gemini-2.0-flash", "gemini-2.0-flash-001", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent", "resp-"),
        new("aws.bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse", "req-"),
        new("ollama", "llama3.1:8b", "llama3.1:8b", "ollama.internal", "/api/chat", "ollama-"),
    ];

    /// <summary>Agent names per service.</summary>
    public static IReadOnlyDictionary<string, string[]> Agents { get; } = new Dictionary<string, string[]>
    {
        ["checkout-agent"] = ["order-assistant", "refund-planner"],
        ["support-bot"] = ["triage", "support", "escalation"],
        ["web-frontend"] = ["copilot", "chat-ui"],
        ["research-agent"] = ["planner", "researcher", "writer", "critic"],
        ["claims-copilot"] = ["claims-intake", "fraud-check"],
    };

    /// <summary>Tools, each with the calls it makes.</summary>
    public static IReadOnlyList<WorkloadTool> Tools { get; } =
    [
        new("web_search", "Search the web and return the top results", ("GET", "https://api.search.brave.com/res/v1/web/search?q={0}&count=8"), null, "", Queries),
        new("get_weather", "Current weather and forecast for a place", ("GET", "https://api.open-meteo.com/v1/forecast?latitude={0}&current=temperature_2m,wind_speed_10m"), null, "",
            ["52.52&longitude=13.41", "48.85&longitude=2.35", "40.71&longitude=-74.01", "35.68&longitude=139.69", "-33.87&longitude=151.21"]),
        new("lookup_order", "Find an order by id or customer email", null,
        [
            "SELECT o.id, o.status, o.total_cents, o.created_at FROM orders o WHERE o.id = $1",
            "SELECT o.id, o.status, o.total_cents FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = $1 ORDER BY o.created_at DESC LIMIT 5",
        ], "orders"),
        new("search_docs", "Semantic search over the knowledge base", ("POST", "https://api.openai.com/v1/embeddings"),
        [
            "SELECT id, title, chunk, embedding <=> $1 AS distance FROM doc_chunks ORDER BY distance LIMIT 8",
            "SELECT id, title, chunk FROM doc_chunks WHERE collection = $1 AND embedding <=> $2 < 0.35 ORDER BY embedding <=> $2 LIMIT 12",
        ], "doc_chunks"),
        new("create_ticket", "Open a support ticket", ("POST", "https://acme.atlassian.net/rest/api/3/issue?notify={0}"),
        [
            "INSERT INTO tickets (id, customer_id, subject, priority, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING id",
        ], "tickets", ["true", "false"]),
        new("get_inventory", "Stock levels for SKUs across warehouses", null,
        [
            "SELECT sku, warehouse_id, quantity, reserved FROM inventory WHERE sku = ANY($1)",
            "SELECT w.name, i.quantity FROM inventory i JOIN warehouses w ON w.id = i.warehouse_id WHERE i.sku = $1 AND i.quantity > 0",
        ], "inventory"),
        new("send_email", "Send an email to the customer", ("POST", "https://api.sendgrid.com/v3/mail/send?template={0}"), null, "", ["d-7f3a2c", "d-91b0e4", "d-0c55aa"]),
        new("fetch_url", "Download a web page as text", ("GET", "https://{0}"), null, "",
        [
            "en.wikipedia.org/wiki/OpenTelemetry", "learn.microsoft.com/en-us/dotnet/core/whats-new/dotnet-10/overview",
            "github.com/open-telemetry/semantic-conventions/blob/main/docs/gen-ai/gen-ai-spans.md", "www.postgresql.org/docs/current/sql-copy.html",
            "docs.python.org/3/library/asyncio-task.html", "nodejs.org/api/stream.html",
        ]),
        new("run_python", "Run a short Python snippet in a sandbox", null, null, ""),
        new("read_file", "Read a file from the workspace", null, null, ""),
        new("update_claim", "Change a claim's state", null,
        [
            "UPDATE claims SET state = $1, updated_at = now(), assessor_id = $2 WHERE id = $3",
            "INSERT INTO claim_events (claim_id, kind, payload, at) VALUES ($1, $2, $3::jsonb, now())",
        ], "claims"),
    ];

    private static string[] Queries =>
    [
        "otel+genai+semantic+conventions", "dotnet+10+release+notes", "postgres+copy+binary+format", "refund+policy+eu",
        "kubernetes+hpa+cpu+target", "how+to+read+a+flame+graph", "signalr+backpressure", "best+laptop+for+travel+2026",
    ];

    /// <summary>Words for message content.</summary>
    public static IReadOnlyList<string> Words { get; } =
    (
        "the order was shipped on monday and should arrive within three business days please check the tracking " +
        "number in your account if you need a refund we can start one now the policy allows returns within thirty " +
        "days of delivery for unused items i found several sources that describe the semantic conventions for " +
        "generative ai spans including operation names token usage and finish reasons the latest release adds " +
        "structured message content as json with roles and parts based on the inventory the warehouse in berlin " +
        "has twelve units reserved and forty available let me search the knowledge base for the claim history " +
        "summarize the findings in a short paragraph and list the open questions the customer asked whether the " +
        "invoice includes tax and how to change the billing address according to the documentation the api " +
        "returns a paginated list you can pass a cursor to continue the assessor flagged two inconsistencies in " +
        "the submitted photos so the claim needs a manual review before payout"
    ).Split(' ');

    /// <summary>System prompts per agent kind (shared by many calls, as real prompts are).</summary>
    public static IReadOnlyList<string> SystemPrompts { get; } =
    [
        "You are a helpful shopping assistant for ACME. Answer briefly, use tools to look up orders and inventory, and never invent order numbers.",
        "You triage customer messages. Classify the request, extract the order id if present, and decide whether a human is needed.",
        "You are a research assistant. Plan the search, call web_search and fetch_url, cite sources, and write a concise summary.",
        "You help claims assessors. Check the claim against the policy, list missing documents, and flag anything unusual for review.",
    ];
}
