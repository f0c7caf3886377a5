import ArgumentParser
import GatehouseCore

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
