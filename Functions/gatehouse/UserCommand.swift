import ArgumentParser
import GatehouseCore

/// `gatehouse user …`
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.",
        subcommands: [Add.self, List.self, SetRole.self, Disable.self, Enable.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's users.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let users = try performing { try store.users(tenant: tenant) }
            output.list(
                users.map(\.publicJSON),
                columns: [("ID", "id"), ("ROLE", "role"), ("STATUS", "status"), ("PHONE", "phone"), ("CREATED", "created_at")])
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Change a user's role; the user's keys follow at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The user id.") var id: String
        @Option(help: "viewer, editor, admin or owner.") var role: String
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be viewer, editor, admin or owner")
            }
        }

        func run() throws {
            let store = try store.store()
            try performing { try store.setUserRole(tenant: tenant, id: id, Role(rawValue: role)!) }
            output.emit(["id": .string(id), "role": .string(role)], text: "user \(id) is now \(role)")
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
        @OptionGroup var output: OutputOptions

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
            output.emit(
                .object(user.publicJSON), text: "created user \(user.id) (\(user.role.rawValue)) in tenant \(user.tenant)")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: no new tokens for it.")
        @OptionGroup var user: UserReference

        func run() throws { try user.setStatus(.disabled) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var user: UserReference

        func run() throws { try user.setStatus(.active) }
    }
}
