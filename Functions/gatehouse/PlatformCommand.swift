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

/// `gatehouse agent …`
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Manage agents and their keys.",
        subcommands: [Create.self, Delete.self, RotateKey.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an agent; its agk_ key is printed once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "A name.") var name: String
        @Option(help: "The owning user id.") var owner: String?
        @Option(help: "Space-separated scopes.") var scopes: String = "data:read data:write"
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ScopeSet(parsing: scopes) != nil else { throw ValidationError("--scopes holds an invalid scope") }
        }

        func run() throws {
            let store = try store.store()
            let (record, secret) = try performing {
                try store.createAgent(tenant: tenant, name: name, ownerID: owner, scopes: ScopeSet(parsing: scopes)!)
            }
            var object = record.publicJSON
            object["key"] = .string(secret.text)
            output.emit(
                .object(object),
                text: """
                    agent id:    \(record.id)
                    x-agent-key: \(secret.text)
                    """)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an agent; its key stops at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The agent id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            try performingDurably(on: store) { try store.deleteAgent(tenant: tenant, id: id) }
            output.emit(["id": .string(id), "deleted": true], text: "deleted agent \(id)")
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key", abstract: "Give an agent a new key; the old one stops at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The agent id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let (_, secret) = try performingDurably(on: store) { try store.rotateAgentKey(tenant: tenant, id: id) }
            output.emit(["id": .string(id), "key": .string(secret.text)], text: "x-agent-key: \(secret.text)")
        }
    }
}

/// `gatehouse app create`
struct AppCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "Manage apps.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app keys can be bound to.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "The app id (generated when omitted).") var id: String?
        @Option(help: "A name.") var name: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let app = try performing { try store.createApp(tenant: tenant, id: id, name: name) }
            output.emit(.object(app.publicJSON), text: "created app \(app.id)")
        }
    }
}
