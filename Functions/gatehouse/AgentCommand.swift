import ArgumentParser
import GatehouseCore

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
