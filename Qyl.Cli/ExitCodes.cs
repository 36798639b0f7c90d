namespace Qyl.Cli;

/// <summary>Process exit codes of <c>qyl</c>; scripts rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done, or stopped by Ctrl-C / SIGTERM.</summary>
    public const int Ok = 0;

    /// <summary>The hub (or its OTLP endpoint) could not be reached.</summary>
    public const int Unreachable = 2;

    /// <summary>The hub refused the API key (401).</summary>
    public const int Unauthorized = 3;

    /// <summary>Bad command line (EX_USAGE from sysexits.h).</summary>
    public const int Usage = 64;
}
