using Microsoft.Extensions.Options;

namespace Qyl.Ingest.Pricing;

/// <summary>Reads <c>Qyl:Pricing:File</c> at startup, so a bad price file stops the hub with the key and the bad entry named.</summary>
internal sealed class PricingOptionsValidator : IValidateOptions<PricingOptions>
{
    public ValidateOptionsResult Validate(string? name, PricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            PriceFileLoader.ReadFile(options);
            return ValidateOptionsResult.Success;
        }
        catch (PriceFileException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
