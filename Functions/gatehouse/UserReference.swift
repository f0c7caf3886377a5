import ArgumentParser
import GatehouseCore

/// The options naming one user of one tenant.
struct UserReference: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Option(help: "The tenant id.") var tenant: String
    @Argument(help: "The user id.") var id: String
    @OptionGroup var output: OutputOptions

    /// Sets the user's status and says so.
    func setStatus(_ status: UserRecord.Status) throws {
        let store = try store.store()
        try performingDurably(on: store) { try store.setUserStatus(tenant: tenant, id: id, status) }
        output.emit(
            ["id": .string(id), "status": .string(status.rawValue)],
            text: "\(status == .active ? "enabled" : "disabled") user \(id)")
    }
}
