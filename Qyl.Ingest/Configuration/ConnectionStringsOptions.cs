using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Qyl.Ingest.Configuration;

/// <summary>Configuration section <c>ConnectionStrings</c> (ASP.NET Core's usual place for them).</summary>
public sealed class ConnectionStringsOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = QylConfigKeys.ConnectionStrings;

    /// <summary>PostgreSQL (<c>ConnectionStrings:Postgres</c>); when set, the store. Absent: the embedded store.</summary>
    public string? Postgres { get; set; }

    /// <summary>True when PostgreSQL is configured.</summary>
    public bool HasPostgres => !string.IsNullOrWhiteSpace(Postgres);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!HasPostgres)
        {
            yield break;
        }
        string? error = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(Postgres);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }
        if (error is not null)
        {
            yield return new ValidationResult(
                $"{QylConfigKeys.Postgres} is not a PostgreSQL connection string such as 'Host=db.internal;Database=qyl;Username=qyl;Password=...': {error}",
                [nameof(Postgres)]);
        }
    }
}
