/// An OAuth client as Gatehouse knows it (OAUTH.md "Clients"): registered dynamically (RFC 7591),
/// pre-registered by an operator (`gatehouse oauth-client create`), or described by a client ID
/// metadata document (its `client_id` is the document's https URL).
public struct OAuthClient: Sendable, Equatable {
    /// How a client came to be known.
    public enum Origin: String, Sendable {
        /// `POST /oauth/register` without a credential: self-registered, shown as unverified.
        case dynamic
        /// `POST /oauth/register` with a tenant member's credential, or the CLI: vouched for.
        case preRegistered = "pre_registered"
        /// A client ID metadata document fetched from the `client_id` URL: self-asserted.
        case metadataDocument = "metadata_document"
    }

    /// How the client authenticates at the token endpoint (RFC 7591 §2).
    public enum AuthMethod: String, Sendable, CaseIterable {
        /// A public client (MCP desktop apps, CLIs): PKCE alone.
        case none
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
    }

    /// `web` (the default) or `native` (may use a private-use redirect scheme, RFC 8252).
    public enum ApplicationType: String, Sendable {
        case web, native
    }

    /// `mcp_…`, or the https URL of a client ID metadata document.
    public var id: String
    /// The name shown on the consent page.
    public var name: String
    /// The redirect URIs, each checked by ``OAuthRedirectURI`` at registration.
    public var redirectURIs: [String]
    public var authMethod: AuthMethod
    /// Lower-case hex SHA-256 of the client secret (confidential clients only); never the secret.
    public var secretHashHex: String?
    public var applicationType: ApplicationType
    /// The scopes the client registered for, if it named any.
    public var scope: ScopeSet?
    /// The tenant that registered the client (a member's credential or the CLI); nil when it
    /// registered itself or is a metadata document.
    public var tenant: String?
    public var origin: Origin
    /// The client's home page (`client_uri`), shown as text, never fetched.
    public var clientURI: String?
    /// Unix milliseconds.
    public var createdAt: Int64

    /// A client.
    public init(
        id: String, name: String, redirectURIs: [String], authMethod: AuthMethod, secretHashHex: String? = nil,
        applicationType: ApplicationType = .web, scope: ScopeSet? = nil, tenant: String? = nil, origin: Origin,
        clientURI: String? = nil, createdAt: Int64
    ) {
        self.id = id
        self.name = name
        self.redirectURIs = redirectURIs
        self.authMethod = authMethod
        self.secretHashHex = secretHashHex
        self.applicationType = applicationType
        self.scope = scope
        self.tenant = tenant
        self.origin = origin
        self.clientURI = clientURI
        self.createdAt = createdAt
    }

    /// Whether the client must authenticate with a secret at the token endpoint.
    public var isConfidential: Bool { authMethod != .none }

    /// Whether the consent page marks the client as unverified (it described itself).
    public var isSelfRegistered: Bool { origin != .preRegistered }

    /// A record from its Redis hash; nil when required fields are missing or invalid.
    public init?(fields: [String: String]) {
        guard let id = fields["id"], let name = fields["name"], let origin = fields["origin"].flatMap(Origin.init),
            let method = fields["auth_method"].flatMap(AuthMethod.init),
            let type = fields["application_type"].flatMap(ApplicationType.init),
            let uris = fields["redirect_uris"].flatMap({ try? JSONValue.parse($0) })?.arrayValue
        else { return nil }
        let redirectURIs = uris.compactMap(\.stringValue)
        guard redirectURIs.count == uris.count, !redirectURIs.isEmpty else { return nil }
        self.init(
            id: id, name: name, redirectURIs: redirectURIs, authMethod: method,
            secretHashHex: fields["secret_hash"].flatMap { $0.isEmpty ? nil : $0 }, applicationType: type,
            scope: fields["scope"].flatMap { $0.isEmpty ? nil : ScopeSet(parsing: $0) },
            tenant: fields["tenant"].flatMap { $0.isEmpty ? nil : $0 }, origin: origin,
            clientURI: fields["client_uri"].flatMap { $0.isEmpty ? nil : $0 },
            createdAt: Int64(fields["created_at"] ?? "") ?? 0)
    }

    /// The hash fields the record is stored as.
    public var fields: [(String, String)] {
        [
            ("id", id), ("name", name),
            (
                "redirect_uris",
                String(decoding: JSONValue.array(redirectURIs.map(JSONValue.string)).serialized(), as: UTF8.self)
            ),
            ("auth_method", authMethod.rawValue), ("secret_hash", secretHashHex ?? ""),
            ("application_type", applicationType.rawValue), ("scope", scope?.description ?? ""),
            ("tenant", tenant ?? ""), ("origin", origin.rawValue), ("client_uri", clientURI ?? ""),
            ("created_at", String(createdAt)),
        ]
    }

    /// The client's metadata as RFC 7591 §3.2.1 answers it (never the secret or its hash).
    public var metadataJSON: JSONObject {
        var object: JSONObject = [
            "client_id": .string(id),
            "redirect_uris": .array(redirectURIs.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(authMethod.rawValue),
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "application_type": .string(applicationType.rawValue),
            "client_id_issued_at": .integer(createdAt / 1000),
        ]
        if !name.isEmpty { object["client_name"] = .string(name) }
        if let scope { object["scope"] = .string(scope.description) }
        if let clientURI { object["client_uri"] = .string(clientURI) }
        return object
    }
}
