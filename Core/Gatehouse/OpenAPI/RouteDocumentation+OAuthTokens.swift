/// The documentation of the token, revocation and discovery routes of the OAuth design.
extension RouteDocumentation {
    private typealias S = OpenAPISchemas

    /// The entries of the revocation endpoint and the well-known path forms.
    static let oauthTokens: [Operation: RouteDocumentation] = [
        .oauthRevoke: .init(
            "RFC 7009: `token=…` (a refresh token or an access token) and the client's authentication "
                + "(`client_id`; confidential clients `client_secret_basic`/`_post`). Ends the token's grant "
                + "(session and refresh family; its access tokens are refused by Gatehouse from then on); 200 "
                + "also for unknown tokens and tokens another client holds (nothing revoked)",
            body: .form(
                S.object(
                    [
                        ("token", S.string("The refresh or access token")),
                        ("token_type_hint", S.string(enum: ["refresh_token", "access_token"])),
                        ("client_id", S.string("The client that holds the token")),
                        ("client_secret", S.string("A confidential client's secret (client_secret_post)")),
                    ], required: ["token"])),
            responses: [
                .empty(200, "Revoked, or nothing to revoke"),
                .error(400, "invalid_request: no token"),
                .error(401, "invalid_client: unknown client or wrong secret", headers: ["WWW-Authenticate"]),
            ]),
        .authorizationServerMetadataPath: .init(
            "The RFC 8414 document at `/.well-known/oauth-authorization-server` + the issuer's path; 404 for "
                + "any other path",
            responses: [.success(200, "The metadata", authorizationServer), .error(404, "Not the issuer's path")]),
        .protectedResourceMetadata: .init(
            "RFC 9728: Gatehouse's own API (`resource` = the issuer)",
            responses: [.success(200, "The metadata", protectedResource)]),
        .protectedResourceMetadataPath: .init(
            "RFC 9728 at the path-inserted URL of a configured resource (`GATEHOUSE_OAUTH_RESOURCES`, chosen by "
                + "`Host` when two share a path) or of the own API; 404 for any other",
            responses: [.success(200, "The metadata", protectedResource), .error(404, "No such resource")]),
    ]

    private static let authorizationServer = S.object(
        [
            ("issuer", S.string()), ("authorization_endpoint", S.string()), ("token_endpoint", S.string()),
            ("jwks_uri", S.string()), ("code_challenge_methods_supported", S.scopes),
        ], required: ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"])

    private static let protectedResource = S.object(
        [
            ("resource", S.string()), ("authorization_servers", S.scopes), ("scopes_supported", S.scopes),
            ("bearer_methods_supported", S.scopes), ("resource_name", S.string()),
        ], required: ["resource", "authorization_servers"])
}
