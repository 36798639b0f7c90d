namespace Qyl.Ingest.Pricing;

/// <summary>Configuration section <c>Qyl:Pricing</c>.</summary>
public sealed class PricingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = Configuration.QylConfigKeys.Pricing;

    /// <summary>
    /// A JSON price file in the built-in table's format (<c>Qyl:Pricing:File</c>) whose entries add to
    /// the built-in ones or, for the same provider and model, replace them. Absent: the built-in table only.
    /// </summary>
    public string? File { get; set; }
}
