namespace Qyl.Cli;

/// <summary>Validation of the URLs given on the command line.</summary>
internal static class CliUrl
{
    /// <summary>Parses an absolute http(s) URL, or explains on <paramref name="error"/> what is wrong.</summary>
    public static bool TryParse(string option, string? value, out Uri url, out string error)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(parsed.Host))
        {
            url = parsed;
            error = "";
            return true;
        }
        url = null!;
        error = $"qyl: {option} must be an absolute http:// or https:// URL such as http://127.0.0.1:5100; got '{value}'.";
        return false;
    }
}
