import ArgumentParser
import GatehouseCore

/// `gatehouse session revoke`: ends a session and its refresh tokens at once.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Manage sessions.", subcommands: [Revoke.self])

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a session (ses_…) and its refresh tokens.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id, or _platform for an administrator's session.") var tenant: String
        @Argument(help: "The session id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let revoked = try performingDurably(on: store) {
                try SessionStore.revoke(
                    sessionID: id, tenant: tenant, now: SystemAccess.currentTimeMilliseconds(),
                    redis: store.redisClient)
            }
            guard revoked else { throw CommandFailure(message: "session \(id) not found", code: "not_found") }
            output.emit(["id": .string(id), "revoked": true], text: "revoked session \(id)")
        }
    }
}
