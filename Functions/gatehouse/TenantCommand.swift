import ArgumentParser
import GatehouseCore

/// `gatehouse tenant …`
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.",
        subcommands: [Create.self, Show.self, List.self, Index.self])

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

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tenant directory, newest first (what platform administrators see).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            var tenants: [TenantRecord] = []
            var request = PageRequest(limit: PageRequest.maximumLimit)
            repeat {
                let (page, next) = try performing { try store.tenantPage(request) }
                tenants += page
                request.cursor = next
            } while request.cursor != nil
            output.list(
                tenants.map(TenantCommand.json), columns: [("ID", "id"), ("NAME", "name"), ("CREATED", "created_at")])
        }
    }

    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List existing tenants in the tenant directory (tenants created before it existed).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tenant ids.") var ids: [String]

        func run() throws {
            let store = try store.store()
            var added: [JSONValue] = []
            for id in ids {
                guard let tenant = try performing({ try store.tenant(id) }) else {
                    throw CommandFailure(message: "tenant \(id) not found", code: "not_found")
                }
                if try performing({ try store.listInDirectory(tenant) }) { added.append(.string(id)) }
            }
            output.emit(["added": .array(added)], text: "listed \(added.count) of \(ids.count) (the others were already)")
        }
    }

    /// A tenant as the commands print it.
    static func json(_ tenant: TenantRecord) -> JSONObject { tenant.publicJSON }
}
