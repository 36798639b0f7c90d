using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qyl.Ingest.Configuration;

namespace Qyl.Ingest.Pricing;

/// <summary>Registration of the price table (<c>Qyl:Pricing</c>).</summary>
public static class PricingServiceCollectionExtensions
{
    /// <summary>Adds the price table: built-in list prices, plus <c>Qyl:Pricing:File</c> when set (validated at startup).</summary>
    public static IServiceCollection AddQylPricing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Bound and validated once at startup like every qyl options class; the file's own rules
        // (readable, well-formed entries) are the validator's.
        services.AddQylOptions<PricingOptions>(configuration, PricingOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PricingOptions>, PricingOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PricingOptions>>().Value;
            var table = PriceFileLoader.Load(options, out var fileEntries, out var replaced);
            if (fileEntries > 0)
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PriceTable));
                PricingLog.Loaded(logger, table.Count, fileEntries, options.File!, replaced);
            }
            return table;
        });
        services.TryAddSingleton<SpanPricer>();
        return services;
    }
}
