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
    @Flag(help: "Print tenant, user ids, key id and key as one JSON object, for scripts.") var json = false

    func run() throws {
        let store = try store.store()
        let (owner, viewer, record, secret) = try performing {
            try store.createTenant(id: tenant, name: "Demo")
            let owner = try store.createUser(tenant: tenant, id: "owner", role: .owner, phone: "+15555550100")
            let viewer = try store.createUser(tenant: tenant, id: "viewer", role: .viewer, phone: "+15555550101")
            let (record, secret) = try store.createAPIKey(
                tenant: tenant, createdBy: owner.id, name: "demo key", scopes: ScopeSet(parsing: "*")!)
            return (owner, viewer, record, secret)
        }
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
}
