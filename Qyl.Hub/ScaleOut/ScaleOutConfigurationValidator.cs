using Microsoft.Extensions.Options;
using Qyl.Hub.Hosting;
using Qyl.Ingest.Configuration;

namespace Qyl.Hub.ScaleOut;

/// <summary>
/// <c>Qyl:Redis</c> needs <c>ConnectionStrings:Postgres</c>: instances relay spans in the order of
/// one seq chain, and only a shared PostgreSQL gives them one. The embedded store's seqs are per
/// process, so two embedded hubs would hand clients colliding cursors. (The Redis connection string
/// itself is checked with the rest of <see cref="QylOptions"/>.)
/// </summary>
internal sealed class ScaleOutConfigurationValidator(IOptions<QylOptions> qyl, IOptions<ConnectionStringsOptions> connectionStrings)
    : IValidateOptions<ScaleOutOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleOutOptions options)
    {
        if (qyl.Value.HasRedis && !connectionStrings.Value.HasPostgres)
        {
            return ValidateOptionsResult.Fail(
                $"{QylConfigKeys.Redis} is set but {QylConfigKeys.Postgres} is not. Hub instances sharing Redis must share one " +
                "PostgreSQL database, whose seq chain orders their spans (the embedded store's seqs are per process). " +
                $"Set {QylConfigKeys.Postgres} to the shared database, or remove {QylConfigKeys.Redis} to run one instance.");
        }
        return ValidateOptionsResult.Success;
    }
}
