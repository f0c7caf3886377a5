import ArgumentParser
import GatehouseCore

/// `gatehouse platform …`: platform credentials (seed 002), how a tenant bootstraps owners and agents.
struct PlatformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform", abstract: "Manage platform credentials (x-platform-id + x-platform-secret).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a platform credential; the secret is printed once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "A name to recognise it by.") var name: String = "platform"
        @Option(help: "Space-separated scopes.") var scopes: String = "*"
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ScopeSet(parsing: scopes) != nil else { throw ValidationError("--scopes holds an invalid scope") }
        }

        func run() throws {
            let store = try store.store()
            let (record, secret) = try performing {
                try store.createPlatformCredential(tenant: tenant, name: name, scopes: ScopeSet(parsing: scopes)!)
            }
            var object = record.publicJSON
            object["secret"] = .string(secret.text)
            output.emit(
                .object(object),
                text: """
                    x-platform-id:     \(record.id)
                    x-platform-secret: \(secret.text)
                    Store the secret now: it is not kept and cannot be shown again.
                    """)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List platform credentials (never the secrets).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let records = try performing { try store.platformCredentials(tenant: tenant) }
            output.list(
                records.map(\.publicJSON),
                columns: [("ID", "id"), ("NAME", "name"), ("SCOPES", "scopes"), ("CREATED", "created_at"), ("REVOKED", "revoked_at")])
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a platform credential at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The platform id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            try performingDurably(on: store) { try store.revokePlatformCredential(tenant: tenant, id: id) }
            output.emit(["id": .string(id), "revoked": true], text: "revoked platform credential \(id)")
        }
    }
}
