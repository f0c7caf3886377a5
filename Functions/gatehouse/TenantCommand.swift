import ArgumentParser
import GatehouseCore

/// `gatehouse tenant …`
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant", abstract: "Manage tenants.", subcommands: [Create.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id (a-z, 0-9, - and _; this is the {org} of the signin route).")
        var id: String
        @Option(help: "A display name.") var name: String?

        func run() throws {
            let store = try store.store()
            let tenant = try performing { try store.createTenant(id: id, name: name) }
            print("created tenant \(tenant.id)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tenant id.") var id: String

        func run() throws {
            let store = try store.store()
            guard let tenant = try performing({ try store.tenant(id) }) else {
                throw CommandFailure(message: "tenant \(id) not found")
            }
            print(
                JSONValue.object([
                    "id": .string(tenant.id), "name": .string(tenant.name),
                    "created_at": .string(Timestamp.iso8601(milliseconds: tenant.createdAt)),
                ]).jsonText)
        }
    }
}

/// `gatehouse user …`
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.",
        subcommands: [Add.self, List.self, SetRole.self, Disable.self, Enable.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's users as JSON.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String

        func run() throws {
            let store = try store.store()
            let users = try performing { try store.users(tenant: tenant) }
            print(JSONValue.array(users.map { .object($0.publicJSON) }).jsonText)
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Change a user's role; the user's keys follow at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The user id.") var id: String
        @Option(help: "viewer, editor, admin or owner.") var role: String

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be viewer, editor, admin or owner")
            }
        }

        func run() throws {
            let store = try store.store()
            try performing { try store.setUserRole(tenant: tenant, id: id, Role(rawValue: role)!) }
            print("user \(id) is now \(role)")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user with a role to a tenant.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "The user id (generated when omitted).") var id: String?
        @Option(help: "viewer, editor, admin or owner.") var role: String
        @Option(help: "Phone number in E.164 form (+15551234567), for OTP sign-in.") var phone: String?
        @Flag(help: "Test-mode user: only ak_test_ keys see it.") var test = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be viewer, editor, admin or owner")
            }
            if let phone, !PhoneNumber.isE164(phone) {
                throw ValidationError("--phone must be in E.164 form, e.g. +15551234567")
            }
        }

        func run() throws {
            let store = try store.store()
            let user = try performing {
                try store.createUser(tenant: tenant, id: id, role: Role(rawValue: role)!, phone: phone, isTest: test)
            }
            print("created user \(user.id) (\(user.role.rawValue)) in tenant \(user.tenant)")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: no new tokens for it.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The user id.") var id: String

        func run() throws {
            let store = try store.store()
            try performing { try store.setUserStatus(tenant: tenant, id: id, .disabled) }
            print("disabled user \(id)")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The user id.") var id: String

        func run() throws {
            let store = try store.store()
            try performing { try store.setUserStatus(tenant: tenant, id: id, .active) }
            print("enabled user \(id)")
        }
    }
}
