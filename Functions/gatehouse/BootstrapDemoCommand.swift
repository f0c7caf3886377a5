import ArgumentParser
import GatehouseCore

/// `gatehouse bootstrap-demo`: one tenant with an owner and a viewer and one key, ready to call.
struct BootstrapDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap-demo",
        abstract: "Create a demo tenant (an owner, a viewer, one API key of the owner) and print how to call it.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The demo tenant id.") var tenant: String = "demo"
    @Option(help: "Where Gatehouse is served, for the printed examples.") var baseURL: String = "http://127.0.0.1:8080"
    @OptionGroup var output: OutputOptions

    /// The demo users: id, role and the first phone number tried for them.
    static let users: [(id: String, role: Role, phone: Int)] = [("owner", .owner, 100), ("viewer", .viewer, 101)]

    func run() throws {
        let store = try store.store()
        let (owner, viewer, record, secret) = try performing {
            // Idempotent: an existing demo tenant and its users are reused; each run mints a new key.
            if try store.tenant(tenant) == nil { try store.createTenant(id: tenant, name: "Demo") }
            var users: [UserRecord] = []
            for user in Self.users {
                if let existing = try store.user(tenant: tenant, id: user.id) {
                    users.append(existing)
                } else {
                    let phone = try Self.freePhone(from: user.phone, store: store)
                    users.append(try store.createUser(tenant: tenant, id: user.id, role: user.role, phone: phone))
                }
            }
            let (record, secret) = try store.createAPIKey(
                tenant: tenant, createdBy: users[0].id, name: "demo key", scopes: ScopeSet(parsing: "*")!)
            return (users[0], users[1], record, secret)
        }
        let json = output.json
        if json {
            let object: JSONObject = [
                "tenant": .string(tenant), "owner_id": .string(owner.id), "viewer_id": .string(viewer.id),
                "key_id": .string(record.id), "key": .string(secret.text), "base_url": .string(baseURL),
            ]
            print(JSONValue.object(object).jsonText)
            return
        }
        print(
            """
            Demo tenant '\(tenant)': owner '\(owner.id)', viewer '\(viewer.id)'.
            API key id: \(record.id)
            API key:    \(secret.text)   (shown once)

            # Exchange the key for a token for the viewer (seed 000 shape):
            curl -s -X POST \(baseURL)/v1/\(tenant)/user/signin_with_api_key \\
              -H 'x-api-key: \(secret.text)' -H 'x-api-key-id: \(record.id)' -H 'x-user-id: \(viewer.id)'

            # The same with X-API-Key and a JSON body (seed 004 shape):
            curl -s -X POST \(baseURL)/tenant/\(tenant)/v2.0/Auth/token-exchange \\
              -H 'X-API-Key: \(secret.text)' -H 'Content-Type: application/json' -d '{"userId":"\(viewer.id)"}'

            # RFC 8693 token exchange:
            curl -s -X POST \(baseURL)/oauth/token \\
              -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \\
              -d subject_token=\(secret.text) \\
              -d subject_token_type=urn:gatehouse:token-type:api-key -d requested_subject=\(viewer.id)

            # The public keys to verify tokens with:
            curl -s \(baseURL)/.well-known/jwks.json
            """)
    }

    /// The first number of the form +1555555NNNN, from `start` on, that no user or administrator
    /// holds (phone numbers are global), so a second demo tenant gets numbers of its own.
    static func freePhone(from start: Int, store: TenantStore) throws -> String {
        for number in stride(from: start, to: 10_000, by: 2) {
            let phone = "+1555555" + String(repeating: "0", count: 4 - String(number).count) + String(number)
            if try store.phoneOwner(phone) == nil { return phone }
        }
        throw CommandFailure(message: "no free demo phone number is left in +1555555…")
    }
}
