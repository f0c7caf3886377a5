import ArgumentParser
import GatehouseCore

/// `gatehouse admin …`: platform administrators, who sign in by phone OTP only.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Manage platform administrators (OTP sign-in only).",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a platform administrator.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Phone number in E.164 form (+15551234567); the administrator signs in with it.")
        var phone: String
        @Option(help: "The administrator id (generated when omitted).") var id: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard PhoneNumber.isE164(phone) else {
                throw ValidationError("--phone must be in E.164 form, e.g. +15551234567")
            }
        }

        func run() throws {
            let store = try store.store()
            let admin = try performing { try store.createPlatformAdmin(id: id, phone: phone) }
            output.emit(.object(admin.publicJSON), text: "created platform administrator \(admin.id)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List platform administrators.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let admins = try performing { try store.platformAdmins() }
            let rows = admins.map { admin in
                var row = admin.publicJSON
                row["status"] = .string(admin.status.rawValue)
                return row
            }
            output.list(rows, columns: [("ID", "id"), ("PHONE", "phone"), ("STATUS", "status")])
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an administrator: no sign-in, no refresh.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The administrator id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            try performingDurably(on: store) { try store.setPlatformAdminStatus(id, .disabled) }
            output.emit(["id": .string(id), "status": "disabled"], text: "disabled platform administrator \(id)")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled administrator.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The administrator id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            try performing { try store.setPlatformAdminStatus(id, .active) }
            output.emit(["id": .string(id), "status": "active"], text: "enabled platform administrator \(id)")
        }
    }
}
