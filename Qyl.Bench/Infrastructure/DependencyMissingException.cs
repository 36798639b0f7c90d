namespace Qyl.Bench.Infrastructure;

/// <summary>
/// The hub under test lacks a feature the scenario needs (a branch not merged yet). The bench exits
/// with code 2 so scripts/bench-smoke.sh can tell "not there yet" from "the harness broke".
/// </summary>
public sealed class DependencyMissingException(string message) : Exception(message);
