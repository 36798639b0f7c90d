namespace Qyl.Cli;

/// <summary>
/// qyl: <c>qyl tail</c> follows live spans from a hub, <c>qyl demo</c> sends GenAI agent traffic to one.
/// An explicit, namespaced entry point: top-level statements would declare a global <c>Program</c>
/// that clashes with Qyl.Hub's in the test project, which references both.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => QylCli.RunAsync(args, Console.Out, Console.Error);
}
