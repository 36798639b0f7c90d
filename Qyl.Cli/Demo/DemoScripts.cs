namespace Qyl.Cli.Demo;

/// <summary>
/// What the simulated agents say: per agent a system prompt and the user's turns, each with the tool
/// calls the model makes (arguments and results as JSON text) and its final answer. Sessions play
/// these in order, so a session's conversation reads like one.
/// </summary>
internal static class DemoScripts
{
    public static readonly AgentScript[] Agents =
    [
        new("support-agent", "support-bot",
            "You are Acme's customer support agent. Look orders up before answering, never invent an order status, and offer a refund only for orders that arrived damaged.",
            [
                new("Hi, my order hasn't arrived yet. It's order A-10442.",
                    [new("search_orders", """{"order_id":"A-10442"}""", """{"order_id":"A-10442","status":"in_transit","carrier":"DHL","eta":"2026-12-04","items":2}""")],
                    "Your order A-10442 is on its way with DHL and should arrive on December 4. You'll get the tracking link by email as well."),
                new("Can you check whether my address is right? I moved last month.",
                    [new("lookup_customer", """{"order_id":"A-10442","fields":["shipping_address"]}""", """{"customer_id":"c-88121","shipping_address":"12 Elm Street, Springfield","updated":"2025-02-11"}""")],
                    "The order ships to 12 Elm Street, Springfield, which was last updated in February. If that's your old address I can ask DHL to redirect it."),
                new("Yes please, the new one is 48 Harbor Road, Springfield.",
                    [new("update_shipping", """{"order_id":"A-10442","address":"48 Harbor Road, Springfield"}""", """{"ok":true,"redirect_fee_usd":0,"new_eta":"2026-12-05"}""")],
                    "Done: DHL will deliver to 48 Harbor Road, at no charge. The new estimated delivery date is December 5."),
                new("Also, one mug from my previous order arrived broken. Order A-09871.",
                    [
                        new("search_orders", """{"order_id":"A-09871"}""", """{"order_id":"A-09871","status":"delivered","items":[{"sku":"MUG-BLUE","qty":2,"price_usd":14.5}]}"""),
                        new("create_refund", """{"order_id":"A-09871","sku":"MUG-BLUE","qty":1,"reason":"damaged"}""", """{"refund_id":"r-55120","amount_usd":14.5,"status":"approved"}"""),
                    ],
                    "I'm sorry about the mug. I've refunded $14.50 to your original payment method (refund r-55120); it usually shows up within 3-5 business days."),
                new("Thanks, that's all!", [], "You're welcome! Have a great day."),
            ]),
        new("travel-planner", "travel-assistant",
            "You are a travel planner. Check the weather and live flight availability with your tools; quote prices in USD and say when a fare is not refundable.",
            [
                new("I want to go to Lisbon for a long weekend in March. What's the weather like?",
                    [new("get_weather", """{"city":"Lisbon","month":"March"}""", """{"city":"Lisbon","avg_high_c":18,"avg_low_c":10,"rain_days":9}""")],
                    "March in Lisbon is mild: highs around 18 °C and lows near 10 °C, with rain on about 9 days, so pack a light jacket and an umbrella."),
                new("Find me flights from Berlin, leaving March 13 and back March 16.",
                    [new("search_flights", """{"from":"BER","to":"LIS","depart":"2027-03-13","return":"2027-03-16","adults":1}""", """{"results":[{"id":"TP539","price_usd":212,"stops":0,"refundable":false},{"id":"LH1166","price_usd":289,"stops":1,"refundable":true}]}""")],
                    "Two good options: TAP TP539, direct, $212 (not refundable), or Lufthansa LH1166 with one stop, $289 and refundable."),
                new("Book the direct one.",
                    [new("book_flight", """{"flight_id":"TP539","passenger":"default"}""", """{"error":"payment_declined","message":"The card on file was declined."}""")],
                    "The booking didn't go through: the card on file was declined. Could you add another card or check with your bank? The fare is held for 20 minutes."),
                new("I updated the card, try again.",
                    [new("book_flight", """{"flight_id":"TP539","passenger":"default"}""", """{"booking_ref":"QX7R2M","status":"confirmed","price_usd":212}""")],
                    "You're booked: TAP TP539, confirmation QX7R2M, $212. Remember it is not refundable."),
                new("Any restaurant tips near the Alfama?",
                    [new("web_search", """{"query":"best restaurants Alfama Lisbon"}""", """{"results":[{"title":"Taberna Sal Grosso","snippet":"small, petiscos, book ahead"},{"title":"Zé da Mouraria","snippet":"huge portions, lunch only"}]}""")],
                    "Try Taberna Sal Grosso for small plates (book ahead) and Zé da Mouraria for a big traditional lunch."),
            ]),
        new("research-assistant", "support-bot",
            "You are a research assistant. Search before you answer, cite your sources by title, and say plainly when the sources disagree.",
            [
                new("What's the difference between OpenTelemetry spans and logs?",
                    [new("web_search", """{"query":"OpenTelemetry spans vs logs"}""", """{"results":[{"title":"OpenTelemetry: Traces","snippet":"A span represents a unit of work with a start and end time"},{"title":"OpenTelemetry: Logs","snippet":"A log record is a timestamped event, optionally correlated with a trace"}]}""")],
                    "A span is a unit of work with a start, an end and a parent, so spans form a trace; a log record is a single timestamped event that may carry the trace and span ids it belongs to (OpenTelemetry: Traces; OpenTelemetry: Logs)."),
                new("How do the GenAI conventions record token usage?",
                    [new("web_search", """{"query":"OpenTelemetry GenAI semantic conventions token usage attributes"}""", """{"results":[{"title":"Semantic conventions for generative AI spans","snippet":"gen_ai.usage.input_tokens, gen_ai.usage.output_tokens"}]}""")],
                    "On the model-call span: gen_ai.usage.input_tokens and gen_ai.usage.output_tokens, with cache reads in gen_ai.usage.cache_read.input_tokens (Semantic conventions for generative AI spans)."),
                new("Summarize both answers in two sentences for my notes.", [],
                    "Spans are timed units of work that form traces, and logs are single events that can point at a span. GenAI model calls are spans that carry their token usage as gen_ai.usage.* attributes."),
                new("Find a benchmark comparing OTLP over gRPC and HTTP.",
                    [new("web_search", """{"query":"OTLP gRPC vs HTTP protobuf benchmark"}""", """{"results":[]}""")],
                    "I couldn't find a published benchmark comparing the two; the sources I searched only describe the protocols."),
            ]),
    ];
}

/// <summary>One agent: its name, the service it runs in, its system prompt and its conversation.</summary>
internal sealed record AgentScript(string Agent, string Service, string SystemPrompt, ScriptedTurn[] Turns);

/// <summary>A user message, the tools the model calls for it, and the model's answer.</summary>
internal sealed record ScriptedTurn(string User, ScriptedTool[] Tools, string Answer);

/// <summary>One tool call: name, arguments and result as JSON text.</summary>
internal sealed record ScriptedTool(string Name, string Arguments, string Result);
