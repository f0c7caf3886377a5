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
    ]

    /// The public JWK Set: every configured key, public half only.
    static func jwks(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let keys = context.configuration.signingKeys else { throw GatehouseError.unavailable("No signing keys") }
        return .json(200, keys.publicJWKS(), headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The authorization-server metadata, listing only endpoints this deployment serves.
    static func metadata(_ request: Request, _ context: RequestContext) throws -> Response {
        .json(200, .object(document(context.configuration)), headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The OpenAPI 3.1 description of every route of the catalog.
    static func openAPI(_ request: Request, _ context: RequestContext) throws -> Response {
        .json(200, OpenAPIDocument.document(context.configuration), headers: ["Cache-Control": "public, max-age=300"])
    }

    /// The metadata document for a configuration.
    public static func document(_ configuration: Configuration) -> JSONObject {
        let issuer = configuration.issuer
        return [
            "issuer": .string(issuer),
            "jwks_uri": .string(issuer + "/.well-known/jwks.json"),
            "token_endpoint": .string(issuer + "/oauth/token"),
            "grant_types_supported": [.string(SigninRoutes.tokenExchangeGrant), "refresh_token"],
            "token_endpoint_auth_methods_supported": ["none"],
            "response_types_supported": [],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256", "EdDSA"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "EdDSA"],
            "scopes_supported": ["*:read", "*:write", "keys:manage", "users:manage", "audit:read"],
        ]
    }
}
