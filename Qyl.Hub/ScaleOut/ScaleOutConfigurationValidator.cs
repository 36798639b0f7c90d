using Microsoft.Extensions.Options;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// <c>Qyl:Redis</c> needs <c>ConnectionStrings:Postgres</c>: instances relay spans in the order of
/// one seq chain, and only a shared PostgreSQL gives them one. The embedded store's seqs are per
/// process, so two embedded hubs would hand clients colliding cursors.
/// </summary>
internal sealed class ScaleOutConfigurationValidator(IConfiguration configuration) : IValidateOptions<ScaleOutOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleOutOptions options)
    {
        var redis = configuration[RedisKey];
        if (!string.IsNullOrWhiteSpace(redis) && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            return ValidateOptionsResult.Fail(
                $"{RedisKey} is set but ConnectionStrings:Postgres is not. Hub instances sharing Redis must share one " +
                "PostgreSQL database, whose seq chain orders their spans (the embedded store's seqs are per process). " +
                "Set ConnectionStrings:Postgres to the shared database, or remove Qyl:Redis to run one instance.");
        }
        if (!string.IsNullOrWhiteSpace(redis))
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(redis);
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail(
                    $"{RedisKey} is not a StackExchange.Redis connection string such as 'redis.internal:6379,password=...': {ex.Message}");
            }
        }
        return ValidateOptionsResult.Success;
    }

    internal const string RedisKey = "Qyl:Redis";
}
