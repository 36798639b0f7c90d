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

/// <summary>The built-in table, then the entries of <c>Qyl:Pricing:File</c> over it.</summary>
internal static class PriceFileLoader
{
    /// <summary>The file's entries (none without a file); the message of a failure names the key and the file.</summary>
    public static IReadOnlyList<ModelPrice> ReadFile(PricingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.File))
        {
            return [];
        }
        var path = Path.GetFullPath(options.File);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PriceFileException($"{PricingOptions.Section}:File: cannot read the price file '{path}' ({ex.Message}).");
        }
        try
        {
            return PriceFile.Parse(json);
        }
        catch (PriceFileException ex)
        {
            throw new PriceFileException($"{PricingOptions.Section}:File: the price file '{path}' is not usable: {ex.Message}.");
        }
    }

    public static PriceTable Load(PricingOptions options, out int fileEntries, out int replaced)
    {
        var builtIn = PriceTable.BuiltIn;
        var file = ReadFile(options);
        fileEntries = file.Count;
        if (file.Count == 0)
        {
            replaced = 0;
            return builtIn;
        }
        var builtInEntries = PriceFile.BuiltIn();
        var table = new PriceTable([.. builtInEntries, .. file]);
        replaced = builtInEntries.Count + file.Count - table.Count;
        return table;
    }
}
