global using Qyl.Hub.Dashboard;
global using Qyl.Hub.Operations;
global using Qyl.Hub.Otlp;
global using Qyl.Hub.Query;
global using Qyl.Hub.Streaming;
global using Qyl.Ingest;
