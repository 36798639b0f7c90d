using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Qyl.Ingest.Configuration;

/// <summary>How every qyl options class is registered, and read where a decision cannot wait for the container.</summary>
public static class QylOptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and validates it at startup
    /// (data annotations and <see cref="IValidatableObject"/>, messages naming the key). Registering
    /// the same options class again adds nothing, so its rules run once.
    /// </summary>
    public static IServiceCollection AddQylOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(Registered<TOptions>)))
        {
            return services;
        }
        services.AddSingleton(new Registered<TOptions>());
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Binds and validates <typeparamref name="TOptions"/> now, with the rules <see cref="AddQylOptions"/>
    /// runs at startup, for the few choices made while services are registered (which store, whether
    /// to relay, which log filters); throws <see cref="OptionsValidationException"/> with the same
    /// messages.
    /// </summary>
    public static TOptions ReadQylOptions<TOptions>(this IConfiguration configuration, string section)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), [.. results.Select(r => r.ErrorMessage ?? "invalid")]);
        }
        return options;
    }

    // Marks an options class as registered, so AddQylOptions adds its binding and validation once.
    private sealed class Registered<TOptions>;
}
