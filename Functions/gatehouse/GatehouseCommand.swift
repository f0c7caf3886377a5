import ArgumentParser
import GatehouseCore

#if canImport(Glibc)
    import Glibc
#endif

/// `gatehouse`: the administrator's tool. It talks to Redis directly, with the same store code the
/// functions use, and prints secrets only where they are created (once).
///
/// Exit codes: 0 success, 1 a failed command (not found, refused), 64 a usage error (with that
/// command's usage), 69 Redis unavailable, 78 a configuration error (naming the variable). With
/// `--json`, results and errors are JSON (errors on standard error as `{"error":{"code","message"}}`).
@main
struct GatehouseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract:
            "Administer a Gatehouse deployment: tenants, users, administrators, API keys, sessions and signing keys.",
        version: GatehouseVersion.current,
        subcommands: [
            TenantCommand.self, UserCommand.self, KeyCommand.self, SigningKeysCommand.self, JWKSCommand.self,
            PlatformCommand.self, AgentCommand.self, AppCommand.self, AuditCommand.self, AdminCommand.self,
            SessionCommand.self, OAuthClientCommand.self, BootstrapDemoCommand.self, OpenAPICommand.self, DeployCommand.self,
        ])

    /// Parses and runs a command, answering failures with their exit code (as JSON under `--json`).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let json = arguments.contains("--json")
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let failure as CommandFailure {
            report(code: failure.code, message: failure.message, json: json, exitCode: failure.exitCode)
        } catch {
            let exitCode = exitCode(for: error)
            guard json, exitCode != .success else { exit(withError: error) }
            report(code: "usage", message: fullMessage(for: error), json: true, exitCode: exitCode.rawValue)
        }
    }

    /// Prints a failure (`Error: …` or the JSON envelope) on standard error and exits.
    static func report(code: String, message: String, json: Bool, exitCode: Int32) -> Never {
        let text =
            json
            ? JSONValue.object(["error": ["code": .string(code), "message": .string(message)]]).jsonText
            : "Error: " + message
        FileOutput.standardError(text + "\n")
        Glibc.exit(exitCode)
    }
}

/// Reads a configuration, turning a bad setting into a configuration failure (exit 78) that names it.
func configured(_ read: () throws(ConfigurationError) -> Configuration) throws -> Configuration {
    do {
        return try read()
    } catch {
        throw CommandFailure(configuration: error.description)
    }
}

/// Runs a store operation and turns its failures into messages fit for a terminal.
func performing<T>(_ operation: () throws -> T) throws -> T {
    do {
        return try operation()
    } catch let error as GatehouseError {
        throw CommandFailure(
            message: error.message + (error.details.map { " \(JSONValue.object($0).jsonText)" } ?? ""), code: error.code)
    } catch let error as RedisError {
        throw CommandFailure(message: "cannot reach Redis: \(error.description)", code: "unavailable", exitCode: 69)
    }
}

/// Runs a store operation that ends a credential (a revocation, a deletion, a rotation's end of
/// grace) like the API's durable routes: with `GATEHOUSE_REDIS_DURABLE_WRITES=replica` each of its
/// writes waits for a replica, and the command fails as unavailable (exit 69) when none confirms.
func performingDurably<T>(on store: TenantStore, _ operation: () throws -> T) throws -> T {
    try performing { try store.redisClient.durably { () throws -> T in try operation() } }
}
