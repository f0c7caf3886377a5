/// The one place that says which function serves which method and path, what access each route
/// needs, and which settings each function reads (SPEC §1). Function executables build their route
/// tables from it, `gatehouse-server` serves all of it, and every deployment file, the OpenAPI
/// document and the README's route table are rendered from it.
public enum RouteCatalog {
    /// Every function, in the order deployment files list them.
    public static let functions: [FunctionDescription] = FunctionName.allCases.map(function)

    /// The description of a function. (Built when asked: a function executable reads its own
    /// description at start-up, not the ten.)
    public static func function(_ name: FunctionName) -> FunctionDescription {
        switch name {
        case .signin:
            .init(.signin, "API key → short-lived access token for a user (seeds 000 and 004)", settings: [.redis, .signingKeys])
        case .otp:
            .init(.otp, "Phone OTP sign-in, session cookie, logout", settings: [.redis, .signingKeys, .serverSecret, .otp, .sessions, .trustedIssuers])
        case .refresh:
            .init(.refresh, "Refresh-token rotation, session → access token", settings: [.redis, .signingKeys, .serverSecret, .sessions, .trustedIssuers])
        case .rotate:
            .init(.rotate, "Key rotation with grace, agent keys, primary/secondary slots", settings: [.redis, .signingKeys, .serverSecret, .trustedIssuers])
        case .proof:
            .init(.proof, "Signed EdDSA proofs for agents and principals (seed 002)", settings: [.redis, .signingKeys, .proof, .trustedIssuers])
        case .keys:
            .init(.keys, "API keys, owners, agents, users, apps, audit", settings: [.redis, .signingKeys, .serverSecret, .trustedIssuers])
        case .verify:
            .init(.verify, "The shared authenticator as a gateway authorizer; RFC 7662 introspection",
                settings: [.redis, .signingKeys, .trustedIssuers, .oauth], keyUse: .verify)
        case .jwks:
            .init(.jwks, "Public keys, discovery metadata and the OpenAPI document", settings: [.signingKeys, .oauth],
                keyUse: .publish)
        case .oauth:
            .init(.oauth, "OAuth 2.1 for MCP clients and third-party apps: registration, sign-in and consent pages, tokens, revocation", settings: [.redis, .signingKeys, .serverSecret, .otp, .sessions, .trustedIssuers, .oauth])
        case .console:
            .init(.console, "The console: web pages where a tenant's users sign in by phone and manage API keys, slots, agents, users, OAuth apps and read the audit log; platform administrators see the tenants", settings: [.redis, .signingKeys, .serverSecret, .otp, .sessions])
        }
    }

    /// Every route, grouped by function in the order of ``FunctionName``.
    public static let routes: [RouteDescription] = FunctionName.allCases.flatMap(routes(of:))

    /// The routes a function owns, in catalog order. (One list per function: an executable builds
    /// its own few routes at start-up, not the whole catalog.)
    public static func routes(of function: FunctionName) -> [RouteDescription] {
        switch function {
        case .signin: signinRoutes
        case .otp: otpRoutes
        case .refresh: refreshRoutes
        case .rotate: rotateRoutes
        case .proof: proofRoutes
        case .keys: keysRoutes
        case .verify: verifyRoutes
        case .jwks: jwksRoutes
        case .oauth: oauthRoutes
        case .console: consoleRoutes
        }
    }

    private static let signinRoutes: [RouteDescription] = [
        .init(.signinWithAPIKey, "POST", "/v1/{org}/user/signin_with_api_key", .signin, "Sign in as a user with an API key (seed 000)"),
        .init(.tokenExchange, "POST", "/v2.0/Auth/token-exchange", .signin, "Exchange an API key for a user's token (seed 004)"),
        .init(.tenantTokenExchange, "POST", "/tenant/{tenantId}/v2.0/Auth/token-exchange", .signin, "Exchange an API key for a user's token in a tenant (seed 004)"),
    ]

    private static let otpRoutes: [RouteDescription] = [
        .init(.sendOTP, "POST", "/v1/auth/send-otp", .otp, "Send a one-time code to a phone"),
        .init(.verifyOTP, "POST", "/v1/auth/verify-otp", .otp, "Verify a code: session cookie, access and refresh tokens"),
        .init(.logout, "POST", "/v1/auth/logout", .otp, "End the session"),
        .init(.session, "GET", "/v1/auth/session", .otp, "The session's user"),
        .init(.adminSession, "GET", "/v1/admin/session", .otp, access: .platformAdmin, "The platform administrator's session"),
        .init(.adminListTenants, "GET", "/v1/admin/tenants", .otp, access: .platformAdmin, "The tenants, for platform administrators"),
    ]

    private static let refreshRoutes: [RouteDescription] = [
        .init(.refresh, "POST", "/v1/auth/refresh", .refresh, "Rotate a refresh token for a new access token"),
        .init(.sessionToken, "POST", "/v1/auth/token", .refresh, "Exchange the session cookie for an access token"),
    ]

    private static let rotateRoutes: [RouteDescription] = [
        .init(.rotateKey, "POST", "/v1/api_keys/{id}/rotate", .rotate, access: .scope("keys:manage"), "Rotate an API key with a grace period"),
        .init(.rotateAgentKey, "POST", "/v1/agents/{agent_id}/rotate-keys", .rotate, access: .principal(scope: nil), "Rotate an agent's key"),
        .init(.regenerateSlot, "POST", "/v1/tenants/{tenant}/api_keys/{slot}/regenerate", .rotate, access: .scope("keys:manage"), "Regenerate the primary or secondary key (seed 004)"),
        .init(.listSlots, "GET", "/v1/tenants/{tenant}/api_keys", .rotate, access: .scope("keys:read"), "The primary and secondary keys (seed 004)"),
    ]

    private static let proofRoutes: [RouteDescription] = [
        .init(.proof, "GET", "/v1/proof", .proof, access: .principal(scope: nil), "A signed proof of the caller"),
        .init(.agentProof, "GET", "/v1/agents/me/proof", .proof, access: .principal(scope: nil), "A signed proof of the calling agent (seed 002)"),
    ]

    private static let keysRoutes: [RouteDescription] = [
        .init(.createKey, "POST", "/v1/api_keys", .keys, access: .scope("keys:manage"), "Create an API key"),
        .init(.listKeys, "GET", "/v1/api_keys", .keys, access: .scope("keys:read"), "List API keys"),
        .init(.getKey, "GET", "/v1/api_keys/{id}", .keys, access: .scope("keys:read"), "One API key"),
        .init(.revokeKey, "DELETE", "/v1/api_keys/{id}", .keys, access: .scope("keys:manage"), "Revoke an API key"),
        .init(.createOwner, "POST", "/v1/owners", .keys, access: .scope("users:manage"), "Create an owner (platform credential)"),
        .init(.createAgent, "POST", "/v1/agents", .keys, access: .scope("agents:manage"), "Create an agent and its key"),
        .init(.listAgents, "GET", "/v1/agents", .keys, access: .scope("agents:read"), "List agents: a platform credential sees all, an owner their own, an agent itself"),
        .init(.getAgent, "GET", "/v1/agents/{id}", .keys, access: .scope("agents:read"), "One agent"),
        .init(.deleteAgent, "DELETE", "/v1/agents/{id}", .keys, access: .scope("agents:manage"), "Delete an agent"),
        .init(.createApp, "POST", "/v1/apps", .keys, access: .scope("apps:write"), "Create an app"),
        .init(.listApps, "GET", "/v1/apps", .keys, access: .scope("apps:read"), "List apps"),
        .init(.createUser, "POST", "/v1/users", .keys, access: .scope("users:manage"), "Create a user"),
        .init(.listUsers, "GET", "/v1/users", .keys, access: .scope("users:read"), "List users"),
        .init(.getUser, "GET", "/v1/users/{id}", .keys, access: .scope("users:read"), "One user"),
        .init(.listTenantUsers, "GET", "/tenant/{tenantId}/api/v2.0/Users", .keys, access: .scope("users:read"), "List the tenant's users (seed 004)"),
        .init(.updateUser, "PATCH", "/v1/users/{id}", .keys, access: .scope("users:manage"), "Change a user's role or status"),
        .init(.disableUser, "DELETE", "/v1/users/{id}", .keys, access: .scope("users:manage"), "Disable a user"),
        .init(.listAudit, "GET", "/v1/audit", .keys, access: .scope("audit:read"), "Read the audit stream"),
    ]

    private static let verifyRoutes: [RouteDescription] = [
        .init(.verify, "GET", "/v1/verify", .verify, access: .authorizer, "Resolve the request's credential (gateway authorizer)"),
        .init(.verifyPost, "POST", "/v1/verify", .verify, access: .authorizer, "Resolve the request's credential (gateway authorizer)"),
        .init(.introspect, "POST", "/oauth/introspect", .verify, access: .principal(scope: nil), errorStyle: .oauth, "RFC 7662 token introspection"),
    ]

    private static let jwksRoutes: [RouteDescription] = [
        .init(.jwks, "GET", "/.well-known/jwks.json", .jwks, servedInMaintenance: true, cors: true, "The public signing keys"),
        .init(.openIDConfiguration, "GET", "/.well-known/openid-configuration", .jwks, servedInMaintenance: true, cors: true, "Discovery metadata"),
        .init(.authorizationServerMetadata, "GET", "/.well-known/oauth-authorization-server", .jwks, servedInMaintenance: true, cors: true, "RFC 8414 authorization-server metadata"),
        .init(.openAPIDocument, "GET", "/openapi.json", .jwks, servedInMaintenance: true, "This API's OpenAPI 3.1 description"),
        .init(.authorizationServerMetadataPath, "GET", "/.well-known/oauth-authorization-server/{issuer_path+}", .jwks, servedInMaintenance: true, cors: true, "RFC 8414 metadata at the path-inserted URL of an issuer with a path"),
        .init(.protectedResourceMetadata, "GET", "/.well-known/oauth-protected-resource", .jwks, servedInMaintenance: true, cors: true, "RFC 9728 protected-resource metadata of Gatehouse's own API"),
        .init(.protectedResourceMetadataPath, "GET", "/.well-known/oauth-protected-resource/{resource_path+}", .jwks, servedInMaintenance: true, cors: true, "RFC 9728 metadata of a configured resource (an MCP server behind Gatehouse)"),
    ]

    private static let oauthRoutes: [RouteDescription] = [
        .init(.oauthToken, "POST", "/oauth/token", .oauth, errorStyle: .oauth, cors: true, "OAuth 2.1 token endpoint (authorization_code, refresh_token, token exchange)"),
        .init(.oauthRevoke, "POST", "/oauth/revoke", .oauth, errorStyle: .oauth, cors: true, "RFC 7009 token revocation"),
        .init(.oauthRegister, "POST", "/oauth/register", .oauth, errorStyle: .oauth, cors: true, "RFC 7591 client registration: open with abuse limits, or pre-registered by a tenant member"),
        .init(.listOAuthClients, "GET", "/v1/oauth_clients", .oauth, access: .scope("keys:read"), "The tenant's OAuth clients: registered by it or holding grants of its users"),
        .init(.deleteOAuthClient, "DELETE", "/v1/oauth_clients/{id}", .oauth, access: .scope("keys:manage"), "Delete an OAuth client and end everything it holds (seed 003)"),
        .init(.oauthAuthorize, "GET", "/oauth/authorize", .oauth, errorStyle: .oauth, "OAuth 2.1 authorization endpoint: sign-in and consent pages (HTML)"),
        .init(.oauthAuthorizeForm, "POST", "/oauth/authorize", .oauth, errorStyle: .oauth, "The sign-in and consent pages' forms (HTML)"),
    ]

    private static let consoleRoutes: [RouteDescription] = [
        .init(.consoleHome, "GET", "/console", .console, errorStyle: .console, "The console's start: the API keys page, or the tenants page of a platform administrator (HTML)"),
        .init(.consoleSignIn, "GET", "/console/signin", .console, errorStyle: .console, "The console's sign-in page: phone, then the texted code (HTML)"),
        .init(.consoleSignInForm, "POST", "/console/signin", .console, errorStyle: .console, "The sign-in page's forms (HTML)"),
        .init(.consoleLogout, "POST", "/console/logout", .console, errorStyle: .console, "Sign out of the console: the session (a user's or an administrator's) ends (HTML)"),
        .init(.consoleKeys, "GET", "/console/keys", .console, access: .scope("keys:read"), errorStyle: .console, "The API keys page: list, create, rotate, revoke (HTML)"),
        .init(.consoleCreateKey, "POST", "/console/keys", .console, access: .scope("keys:manage"), errorStyle: .console, "Create an API key from the console (HTML form)"),
        .init(.consoleRotateKey, "POST", "/console/keys/{id}/rotate", .console, access: .scope("keys:manage"), errorStyle: .console, "Rotate an API key from the console (HTML form)"),
        .init(.consoleRevokeKey, "POST", "/console/keys/{id}/revoke", .console, access: .scope("keys:manage"), errorStyle: .console, "Revoke an API key from the console (HTML form)"),
        .init(.consoleSlots, "GET", "/console/slots", .console, access: .scope("keys:read"), errorStyle: .console, "The primary and secondary keys page (seed 004, HTML)"),
        .init(.consoleRegenerateSlot, "POST", "/console/slots/{slot}/regenerate", .console, access: .scope("keys:manage"), errorStyle: .console, "Regenerate the primary or secondary key from the console (HTML form)"),
        .init(.consoleAgents, "GET", "/console/agents", .console, access: .scope("agents:read"), errorStyle: .console, "The agents page: list, create, rotate key, delete (HTML)"),
        .init(.consoleCreateAgent, "POST", "/console/agents", .console, access: .scope("agents:manage"), errorStyle: .console, "Create an agent from the console (HTML form)"),
        .init(.consoleRotateAgentKey, "POST", "/console/agents/{agent_id}/rotate", .console, access: .scope("agents:manage"), errorStyle: .console, "Rotate an agent's key from the console (HTML form)"),
        .init(.consoleDeleteAgent, "POST", "/console/agents/{id}/delete", .console, access: .scope("agents:manage"), errorStyle: .console, "Delete an agent from the console (HTML form)"),
        .init(.consoleUsers, "GET", "/console/users", .console, access: .scope("users:read"), errorStyle: .console, "The users and roles page (HTML)"),
        .init(.consoleCreateUser, "POST", "/console/users", .console, access: .scope("users:manage"), errorStyle: .console, "Add a user from the console (HTML form)"),
        .init(.consoleChangeRole, "POST", "/console/users/{id}/role", .console, access: .scope("users:manage"), errorStyle: .console, "Change a user's role from the console (HTML form)"),
        .init(.consoleDisableUser, "POST", "/console/users/{id}/disable", .console, access: .scope("users:manage"), errorStyle: .console, "Disable a user from the console (HTML form)"),
        .init(.consoleOAuthClients, "GET", "/console/oauth-clients", .console, access: .scope("keys:read"), errorStyle: .console, "The OAuth apps page: list, delete (HTML)"),
        .init(.consoleDeleteOAuthClient, "POST", "/console/oauth-clients/{id}/delete", .console, access: .scope("keys:manage"), errorStyle: .console, "Delete an OAuth client from the console, ending its tokens (HTML form)"),
        .init(.consoleAudit, "GET", "/console/audit", .console, access: .scope("audit:read"), errorStyle: .console, "The audit log page: filters and paging (HTML)"),
        .init(.consoleTenants, "GET", "/console/tenants", .console, access: .platformAdmin, errorStyle: .console, "The tenants page, for platform administrators (HTML)"),
    ]

    /// The setting groups a set of functions reads together (the server reads all of them), in
    /// declaration order. (An array, not a `Set`: see ``RouteHandlers`` on start-up cost.)
    public static func settings(of names: [FunctionName]) -> [SettingGroup] {
        settings(of: names.map(function))
    }

    /// The setting groups these function descriptions read together, in declaration order.
    public static func settings(of descriptions: [FunctionDescription]) -> [SettingGroup] {
        let wanted = descriptions.flatMap(\.settings)
        return SettingGroup.allCases.filter { wanted.contains($0) }
    }

    /// The function owning the path, by pattern alone (what a web server's path map does); nil for
    /// a path no route fits.
    public static func owner(ofPath path: String) -> FunctionName? {
        let parts = path.split(separator: "/")
        return routes.first { $0.fits(parts) }?.function
    }
}
