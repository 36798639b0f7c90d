using System.CommandLine;
using System.CommandLine.Help;
using Qyl.Cli.Demo;
using Qyl.Cli.Mcp;
using Qyl.Cli.Tail;

namespace Qyl.Cli;

/// <summary>The command line: <c>qyl tail</c>, <c>qyl demo</c> and <c>qyl mcp</c>.</summary>
internal static class QylCli
{
    public static Command BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        // A plain command named "qyl" rather than RootCommand, which names itself after the
        // assembly (Qyl.Cli) in usage text; help and version are added the same way RootCommand does.
        var root = new Command("qyl", "qyl: live telemetry for GenAI and agent systems.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(TailCommand.Build(stdout, stderr));
        root.Subcommands.Add(DemoCommand.Build(stderr));
        root.Subcommands.Add(McpCommand.Build(stderr));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = BuildRoot(stdout, stderr).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"qyl: {error.Message}");
            }
            await stderr.WriteLineAsync("Run 'qyl --help' for usage.");
            return ExitCodes.Usage;
        }
        // ProcessTerminationTimeout makes Ctrl-C and SIGTERM cancel the action's token; the commands
        // treat that as the normal way to stop and exit 0.
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(5),
        };
        return await parse.InvokeAsync(invocation);
    }
}
