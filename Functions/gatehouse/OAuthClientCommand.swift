import ArgumentParser
import GatehouseCore

/// `gatehouse oauth-client …`: pre-registered OAuth clients of a tenant (OAUTH.md "Clients").
struct OAuthClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oauth-client", abstract: "Manage a tenant's pre-registered OAuth clients.",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Register an OAuth client for a tenant; a confidential client's secret is printed once and cannot be shown again.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant that owns the client.") var tenant: String
        @Option(help: "The name shown on the consent page (at most 100 characters).") var name: String
        @Option(name: .customLong("redirect-uri"), help: "A redirect URI (repeat for several, at most 10).")
        var redirectURIs: [String] = []
        @Flag(help: "A public client (PKCE only, no secret), like an MCP desktop client or a CLI.") var `public` = false
        @Flag(help: "A native application (may use a private-use redirect scheme such as com.example.app:/cb).")
        var native = false
        @Option(help: "The scopes the client asks for by default, space-separated (e.g. \"data:read pages:read\").")
        var scope: String?
        @OptionGroup var output: OutputOptions

        /// The metadata, checked by the same rules as `POST /oauth/register`.
        func metadata() throws -> OAuthClientMetadata {
            var object: JSONObject = [
                "client_name": .string(name), "redirect_uris": .array(redirectURIs.map(JSONValue.string)),
                "token_endpoint_auth_method": .string(`public` ? "none" : "client_secret_basic"),
                "application_type": .string(native ? "native" : "web"),
            ]
            if let scope { object["scope"] = .string(scope) }
            do {
                return try OAuthClientMetadata.parse(object, source: .registration)
            } catch {
                throw ValidationError("\(error.oauthCode ?? "invalid_client_metadata"): \(error.message)")
            }
        }

        func validate() throws {
            guard !redirectURIs.isEmpty else { throw ValidationError("at least one --redirect-uri is required") }
            guard !name.isEmpty else { throw ValidationError("--name must not be empty") }
            _ = try metadata()
        }

        func run() throws {
            let store = try store.store()
            let metadata = try metadata()
            let (client, secret) = try performing {
                guard try store.tenant(tenant) != nil else {
                    throw GatehouseError.notFound("tenant \(tenant) not found")
                }
                let made = OAuthClientStore.newClient(
                    metadata, tenant: tenant, now: SystemAccess.currentTimeMilliseconds())
                try OAuthClientStore.store(made.client, idleLifetimeSeconds: nil, redis: store.redisClient)
                return made
            }
            var object = client.metadataJSON
            if let secret {
                object["client_secret"] = .string(secret)
                object["client_secret_expires_at"] = .integer(0)
            }
            output.emit(
                .object(object),
                text: secret.map {
                    """
                    client id:     \(client.id)
                    client secret: \($0)
                    Store the secret now: only its hash is kept, and it cannot be shown again.
                    """
                } ?? """
                    client id:     \(client.id)
                    A public client: no secret; it authenticates with PKCE alone.
                    """)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the OAuth clients a tenant registered or that hold grants of its users (never a secret).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant id.") var tenant: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.store()
            let views = try performing {
                var all: [OAuthClientStore.TenantView] = []
                var page = PageRequest(limit: PageRequest.maximumLimit)
                while true {
                    let (views, next) = try OAuthClientStore.clients(of: tenant, page: page, store: store)
                    all += views
                    guard let next else { return all }
                    page.cursor = next
                }
            }
            output.list(
                views.map(\.json),
                columns: [
                    ("ID", "client_id"), ("NAME", "client_name"), ("ORIGIN", "origin"),
                    ("AUTH", "token_endpoint_auth_method"), ("REGISTERED HERE", "registered_by_tenant"),
                    ("GRANTS", "holds_grants"), ("REDIRECT URIS", "redirect_uris"),
                ])
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Delete a tenant's OAuth client: its secret, codes, grants, refresh tokens and consents end at once, "
                + "and Gatehouse refuses its access tokens.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The tenant that registered the client (or in which a self-registered client is revoked).")
        var tenant: String
        @Argument(help: "The client id (mcp_…).") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let configuration = try readConfiguration(store)
            let store = try store.store()
            let outcome = try performingDurably(on: store) {
                try OAuthClientStore.delete(
                    id, by: tenant, now: SystemAccess.currentTimeMilliseconds(),
                    revocationLifetimeSeconds: OAuthClientRoutes.revocationLifetimeSeconds(configuration),
                    redis: store.redisClient)
            }
            switch outcome {
            case .deleted(let tenants):
                output.emit(
                    ["client_id": .string(id), "deleted": true, "revoked_in": .array(tenants.map(JSONValue.string))],
                    text: "deleted OAuth client \(id); revoked in \(tenants.joined(separator: ", "))")
            case .revokedInTenant:
                output.emit(
                    ["client_id": .string(id), "deleted": false, "revoked_in": [.string(tenant)]],
                    text: "revoked self-registered OAuth client \(id) in \(tenant)")
            case .notFound:
                throw CommandFailure(message: "OAuth client \(id) not found in tenant \(tenant)", code: "not_found")
            }
        }
    }
}

/// The settings a deletion needs (how long revocation records are kept: the session and token
/// lifetimes); a bad value is a configuration failure (exit 78).
private func readConfiguration(_ options: StoreOptions) throws -> Configuration {
    var environment = SystemAccess.environment()
    if let url = options.redisURL { environment["GATEHOUSE_REDIS_URL"] = url }
    return try configured { () throws(ConfigurationError) in
        try Configuration(environment: environment, settings: [.redis, .sessions], strict: false)
    }
}
