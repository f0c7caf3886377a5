import ArgumentParser
import GatehouseCore

/// `gatehouse`: the administrator's tool. It talks to Redis directly, with the same store code the
/// functions use, and prints secrets only where they are created (once).
@main
struct GatehouseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract:
            "Administer a Gatehouse deployment: tenants, users, administrators, API keys, sessions and signing keys.",
        subcommands: [
            TenantCommand.self, UserCommand.self, KeyCommand.self, SigningKeysCommand.self, JWKSCommand.self,
            PlatformCommand.self, AgentCommand.self, AppCommand.self, AuditCommand.self, AdminCommand.self,
            SessionCommand.self, OAuthClientCommand.self, BootstrapDemoCommand.self, OpenAPICommand.self, DeployCommand.self,
        ])
}

/// Options every command that reaches Redis shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("redis-url"), help: "Redis URL (default: GATEHOUSE_REDIS_URL, else redis://127.0.0.1:6379).")
    var redisURL: String?

    /// A store on the configured Redis, or a clear validation error naming what is wrong.
    func store() throws -> TenantStore {
        var environment = SystemAccess.environment()
        if let redisURL { environment["GATEHOUSE_REDIS_URL"] = redisURL }
        do {
            // Only what a store needs: a setting of another group (an OTP sender, say) never stops the CLI.
            let configuration = try Configuration(environment: environment, settings: [.redis], strict: false)
            return TenantStore(redis: RedisClient(configuration: configuration.redis))
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Runs a store operation and turns its failures into messages fit for a terminal.
func performing<T>(_ operation: () throws -> T) throws -> T {
    do {
        return try operation()
    } catch let error as GatehouseError {
        throw CommandFailure(message: error.message + (error.details.map { " \(JSONValue.object($0).jsonText)" } ?? ""))
    } catch let error as RedisError {
        throw CommandFailure(message: "cannot reach Redis: \(error.description)")
    }
}

/// A failure printed as `Error: …` with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
