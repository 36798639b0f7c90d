using Qyl.Cli;

// qyl: `qyl tail` follows live spans from a hub, `qyl demo` sends GenAI agent traffic to one.
return await QylCli.RunAsync(args, Console.Out, Console.Error);
