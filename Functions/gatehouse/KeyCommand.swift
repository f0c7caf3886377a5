import ArgumentParser
import GatehouseCore

/// `gatehouse key …`
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage API keys.",
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a key with a new one of the same scopes; the old one works for the grace period.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The key id.") var id: String
        @Option(help: "Hours the old key keeps working, 0 to 168.") var graceHours: Int = 0
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (0...168).contains(graceHours) else { throw ValidationError("--grace-hours must be from 0 to 168") }
        }

        func run() throws {
            let store = try store.store()
            let (_, record, secret) = try performingDurably(on: store) {
                try store.rotateAPIKey(tenant: tenant, id: id, graceMilliseconds: Int64(graceHours) * 3_600_000)
            }
            var object = record.publicJSON
            object["key"] = .string(secret.text)
            object["replaces"] = .string(id)
            output.emit(
                .object(object),
                text: """
                    key id: \(record.id)
                    key:    \(secret.text)
                    The old key \(id) stops working in \(graceHours) h. Store the new key now: it cannot be shown again.
                    """)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for a user; the key is printed once and cannot be shown again.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Option(help: "The user the key acts for (its creator); the key never exceeds this user's role.")
        var user: String
        @Option(help: "A name to recognise the key by.") var name: String = "api key"
        @Option(help: "Space- or comma-separated scopes, e.g. \"data:read keys:manage\".")
        var scopes: String = "*"
        @Flag(help: "Legacy scope mode: the key gets its creator's role defaults.") var legacy = false
        @Option(help: "Days until the key expires (never when omitted).") var expiresInDays: Int?
        @Option(help: "Bind the key to one app (an app-scoped key).") var app: String?
        @Option(help: "Requests per minute on the verify route (unlimited when omitted).") var rateLimit: Int?
        @Flag(help: "An ak_test_ key, which sees test-mode data only.") var test = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ScopeSet(parsing: scopes) != nil else { throw ValidationError("--scopes holds an invalid scope") }
            if let expiresInDays, !(1...3650).contains(expiresInDays) {
                throw ValidationError("--expires-in-days must be from 1 to 3650")
            }
        }

        func run() throws {
            let store = try store.store()
            let expiresAt = expiresInDays.map { SystemAccess.currentTimeMilliseconds() + Int64($0) * 86_400_000 }
            let (record, secret) = try performing {
                try store.createAPIKey(
                    tenant: tenant, createdBy: user, name: name, scopes: ScopeSet(parsing: scopes)!,
                    scopeMode: legacy ? .legacy : .strict, expiresAt: expiresAt, isTest: test, appID: app,
                    rateLimitPerMinute: rateLimit)
            }
            var object = record.publicJSON
            object["key"] = .string(secret.text)
            output.emit(
                .object(object),
                text: """
                    key id: \(record.id)
                    key:    \(secret.text)
                    Store the key now: it is not kept and cannot be shown again.
                    """)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's keys (never the secrets).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let records = try performing { try store.keys(tenant: tenant) }
            output.list(
                records.map(\.publicJSON),
                columns: [
                    ("ID", "id"), ("PREFIX", "key_prefix"), ("NAME", "name"), ("SCOPES", "scopes"),
                    ("CREATED", "created_at"), ("EXPIRES", "expires_at"), ("REVOKED", "revoked_at"),
                ])
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @Argument(help: "The key id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            try performingDurably(on: store) { try store.revokeKey(tenant: tenant, id: id) }
            output.emit(["id": .string(id), "revoked": true], text: "revoked key \(id)")
        }
    }
}
