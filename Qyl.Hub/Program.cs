using Qyl.Hub.Hosting;
using Qyl.Hub.ScaleOut;
using Qyl.Hub.Security;

// Qyl.Hub: OTLP in, live spans out. Each line below is one concern, defined in its own file.
await BuildApp(args).RunAsync();

/// <summary>The host's entry point; tests and benchmarks build the same app in process.</summary>
public partial class Program
{
    /// <summary>Builds the qyl hub from command-line style arguments (<c>--Qyl:HttpPort=0</c>).</summary>
    public static WebApplication BuildApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddQylListeners();
        builder.AddQylSecurity();
        builder.Services
            .AddQylIngest(builder.Configuration)
            .AddQylStorage(builder.Configuration)
            .AddQylOtlp()
            .AddQylQueryApi()
            .AddQylOperations()
            .AddQylHub(builder.Configuration)
            .AddQylRedisScaleOut();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseQylListenerLog();
        app.UseQylSecurity();
        app.MapQylOperations();
        app.MapQylOtlp();
        app.MapQylHub();
        app.MapQylSse();
        app.MapQylQueryApi();
        app.MapQylDashboard();
        return app;
    }
}
