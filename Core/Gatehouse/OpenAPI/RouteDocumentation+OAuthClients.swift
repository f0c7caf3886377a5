/// The documentation of the OAuth client operations (`/oauth/register`, `/v1/oauth_clients`).
extension RouteDocumentation {
    private typealias S = OpenAPISchemas

    /// Every entry of the client operations.
    static let oauthClients: [Operation: RouteDocumentation] = [
        .oauthRegister: .init(
            "RFC 7591 client metadata (`redirect_uris` required, at most 10 of at most 512 bytes; body at most "
                + "8 KiB) → 201 with the client's metadata, `token_endpoint_auth_method` always explicit "
                + "(`none` for a public client; omitted → `client_secret_basic` with a `client_secret` shown once). "
                + "Without a credential: open registration (per-IP hourly limit; the client expires unless a login "
                + "completes; 403 when `GATEHOUSE_OAUTH_REGISTRATION=closed`); with a tenant member's credential "
                + "holding `keys:manage`: pre-registered for that tenant; a refused credential → 401 "
                + "`invalid_token` with `WWW-Authenticate: Bearer error=\"invalid_token\"` (RFC 6750 §3)",
            credentials: [[.bearer], [.apiKey]], credentialsOptional: true,
            body: .json(
                S.object(
                    [
                        ("redirect_uris", ["type": "array", "minItems": 1, "maxItems": 10, "items": S.string()]),
                        ("client_name", ["type": "string", "maxLength": 100]),
                        (
                            "token_endpoint_auth_method",
                            S.string(enum: ["none", "client_secret_basic", "client_secret_post"])
                        ),
                        (
                            "grant_types",
                            ["type": "array", "items": S.string(enum: ["authorization_code", "refresh_token"])]
                        ),
                        ("response_types", ["type": "array", "items": S.string(enum: ["code"])]),
                        ("application_type", S.string(enum: ["web", "native"])),
                        ("scope", S.string("Space-separated resource:action scopes")),
                        ("client_uri", S.string("An https URL shown as text")),
                    ], required: ["redirect_uris"])),
            responses: [
                .success(
                    201, "The registered client (with client_secret once, for a confidential client)",
                    S.ref("OAuthClient"), headers: ["Cache-Control"]),
                .error(400, "invalid_client_metadata (a bad field, a body over 8 KiB) or invalid_redirect_uri"),
                .error(401, "invalid_token: the credential sent is missing, wrong, revoked or expired"),
                .error(403, "Open registration is closed, or the credential is not a member's with keys:manage"),
                .error(
                    429, "Too many registrations from this address this hour",
                    headers: ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]),
            ]),
        .listOAuthClients: page(
            "A page of the tenant's OAuth clients, oldest first: those it registered and those holding grants "
                + "of its users (`registered_by_tenant`, `holds_grants`)", of: "TenantOAuthClient",
            "The tenant's OAuth clients, never a secret or its hash"),
        .deleteOAuthClient: .init(
            "The registering tenant: the client, its secret, codes, grants, refresh tokens and consents end at once "
                + "in every tenant; its access tokens are refused by Gatehouse from then on (resource servers "
                + "verifying offline see them expire). A self-registered client holding grants in the caller's "
                + "tenant: revoked in that tenant only. Any other → 404",
            responses: [.empty(204, "Deleted"), .error(404, "OAuth client not found in the caller's tenant")]),
    ]
}
