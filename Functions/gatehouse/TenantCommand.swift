import ArgumentParser
import GatehouseCore

/// `gatehouse tenant …`
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant id (a-z, 0-9, - and _; this is the {org} of the signin route).")
        var id: String
        @Option(help: "A display name.") var name: String?

        func run() throws {
            let store = try store.store()
            let tenant = try performing { try store.createTenant(id: id, name: name) }
            output.emit(.object(TenantCommand.json(tenant)), text: "created tenant \(tenant.id)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant id.") var id: String

        func run() throws {
            let store = try store.store()
            guard let tenant = try performing({ try store.tenant(id) }) else {
                throw CommandFailure(message: "tenant \(id) not found", code: "not_found")
            }
            let object = TenantCommand.json(tenant)
            output.emit(
                .object(object),
                text: TextTable.render([["id", tenant.id], ["name", tenant.name], ["created_at", OutputOptions.cell(object["created_at"])]]))
        }
    }

    /// A tenant as the commands print it.
    static func json(_ tenant: TenantRecord) -> JSONObject { tenant.publicJSON }
}
