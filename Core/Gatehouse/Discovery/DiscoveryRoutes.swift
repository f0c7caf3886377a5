/// The `jwks` function: the public keys and the discovery documents (SPEC §4 jwks, RFC 8414).
/// None of these routes touches Redis, and all of them are served in maintenance mode so that
/// resource servers can keep verifying tokens.
public enum DiscoveryRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .jwks: jwks,
        .openIDConfiguration: metadata,
        .authorizationServerMetadata: metadata,
        .openAPIDocument: openAPI,
        .authorizationServerMetadataPath: pathInsertedMetadata,
        .protectedResourceMetadata: ownResourceMetadata,
        .protectedResourceMetadataPath: resourceMetadata,
    ]

    /// The public JWK Set: every configured key, public half only.
    static func jwks(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        guard let keys = context.configuration.publishedKeys else { throw GatehouseError.unavailable("No signing keys") }
        return .json(200, keys.document, headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The authorization-server metadata, listing only endpoints this deployment serves.
    static func metadata(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        .json(200, .object(document(context.configuration)), headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The OpenAPI 3.1 description of every route of the catalog.
    static func openAPI(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        .json(200, OpenAPIDocument.document(context.configuration), headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The authorization-server metadata (RFC 8414 §2, OAUTH.md "Discovery"): `issuer` exactly
    /// `GATEHOUSE_ISSUER`, every endpoint of the `oauth` function, PKCE S256 only, public clients
    /// (`none`) and secrets, RFC 9207 `iss` and client ID metadata documents.
    public static func document(_ configuration: Configuration) -> JSONObject {
        let issuer = configuration.issuer
        let authMethods: JSONValue = .array(OAuthClient.AuthMethod.allCases.map { .string($0.rawValue) })
        return [
            "issuer": .string(issuer),
            "authorization_endpoint": .string(issuer + "/oauth/authorize"),
            "token_endpoint": .string(issuer + "/oauth/token"),
            "registration_endpoint": .string(issuer + "/oauth/register"),
            "revocation_endpoint": .string(issuer + "/oauth/revoke"),
            "introspection_endpoint": .string(issuer + "/oauth/introspect"),
            "jwks_uri": .string(issuer + "/.well-known/jwks.json"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token", .string(SigninRoutes.tokenExchangeGrant)],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": authMethods,
            "revocation_endpoint_auth_methods_supported": authMethods,
            "scopes_supported": scopesSupported,
            "authorization_response_iss_parameter_supported": true,
            "client_id_metadata_document_supported": true,
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256", "EdDSA"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "EdDSA"],
        ]
    }

    /// The scopes clients may ask for (SPEC §2).
    static let scopesSupported: JSONValue = ["*:read", "*:write", "keys:manage", "users:manage", "audit:read"]
}
