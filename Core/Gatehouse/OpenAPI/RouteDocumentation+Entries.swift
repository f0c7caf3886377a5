/// The documentation of every operation, read from its handler: what it accepts and what it
/// answers. A new route of ``RouteCatalog`` needs its entry here (a test names the ones missing).
extension RouteDocumentation {
    private typealias S = OpenAPISchemas

    /// Every operation's entry.
    public static let entries: [Operation: RouteDocumentation] = signin.merging(keys) { first, _ in first }.merging(
        gateway
    ) { first, _ in first }
        .merging(oauthClients) { first, _ in first }
        .merging(oauthTokens) { first, _ in first }
        .merging(authorizePages) { first, _ in first }
        .merging(consolePages) { first, _ in first }

    /// The entry of an operation, nil when it is missing.
    public static func of(_ operation: Operation) -> RouteDocumentation? { entries[operation] }

    // MARK: Shared pieces

    private static let rateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]
    private static let noStore = ["Cache-Control"]
    private static let limited = Answer.error(
        429, "Rate limited", headers: ["Retry-After"] + rateLimitHeaders)
    private static let unauthenticated = Answer.error(401, "Missing, malformed, wrong, revoked or expired credential")
    private static func validation(_ fields: String) -> Answer { .error(422, "Invalid \(fields)") }
    /// A list route (``PageRequest``): `cursor` and `limit` in, `{"data": [item…], "next"}` out.
    static func page(_ summary: String, of item: String, _ description: String) -> RouteDocumentation {
        .init(
            summary + " (`cursor`: the previous page's `next`; `limit` 1–1000, default 100) → "
                + "`{\"data\":[…],\"next\"}`",
            parameters: [
                .query("cursor", S.string(), "The next of the previous page (omit for the first page)"),
                .query("limit", S.integer(minimum: 1, maximum: 1000), "At most this many records (default 100)"),
            ],
            responses: [
                .success(
                    200, description,
                    S.record([("data", ["type": "array", "items": S.ref(item)]), ("next", S.nullable(S.string()))])),
                validation("cursor or limit"),
            ])
    }

    private static func notFound(_ what: String) -> Answer { .error(404, "\(what) not found in the caller's tenant") }

    /// `Authorization: Bearer <API key>` or `X-API-Key` (and seed 000's `x-api-key-id`).
    private static let apiKeyCredentials: [[SecurityScheme]] = [[.apiKey, .apiKeyID], [.apiKey], [.bearer]]
    private static let sessionCredential: [[SecurityScheme]] = [[.session]]

    private static let identifier = S.objectID
    private static let phone: JSONValue = [
        "type": "string", "pattern": #"^\+[1-9][0-9]{6,14}$"#, "description": "An E.164 number such as +15555550123",
    ]
    private static let scope: JSONValue = [
        "type": "string", "pattern": #"^(\*|([a-z0-9_.-]{1,64}|\*):([a-z0-9_.-]{1,64}|\*))$"#,
        "description": "resource:action, either part may be *",
    ]
    private static let scopeList: JSONValue = [
        "description": "An array of resource:action scopes, or one space-separated string",
        "anyOf": [["type": "array", "items": scope], ["type": "string"]],
    ]

    // MARK: signin, oauth, otp, refresh

    private static let signin: [Operation: RouteDocumentation] = [
        .signinWithAPIKey: .init(
            "Headers `x-api-key` (or `Authorization: Bearer`), optional `x-api-key-id`, `x-user-id` → "
                + "`{\"id_token\",\"jwt\",\"expires_at\"}`; 5 a minute per key",
            parameters: [.header("x-user-id", S.string(), required: true, "The user to sign in as")],
            credentials: apiKeyCredentials,
            responses: [
                .success(
                    200, "A token for the user",
                    S.record([("id_token", S.string()), ("jwt", S.string()), ("expires_at", S.time)]),
                    headers: noStore + rateLimitHeaders),
                .error(401, "Key missing, wrong or unknown, or user not found"),
                .error(403, "The user ranks above the key's creator (permission_boundary) or is disabled"),
                .error(404, "The organization does not exist"), validation("org path parameter"), limited,
            ]),
        .tokenExchange: tokenExchange(tenant: false),
        .tenantTokenExchange: tokenExchange(tenant: true),
        .oauthToken: .init(
            "RFC 8693 token exchange (`subject_token` = an API key, `subject_token_type` = "
                + "`urn:gatehouse:token-type:api-key`, `requested_subject` = a user id; or `subject_token` = a JWT "
                + "of a trusted external issuer, `subject_token_type` = `urn:ietf:params:oauth:token-type:jwt`) "
                + "and `grant_type=refresh_token` (`scope` may narrow, `resource` must be the grant's), "
                + "`grant_type=authorization_code` (`code`, `code_verifier` (PKCE S256), `redirect_uri` when the "
                + "authorization request sent one, `client_id`; confidential clients by `client_secret_basic` or "
                + "`client_secret_post`) "
                + "→ `{\"access_token\",\"token_type\",\"expires_in\",…}`; errors in RFC 6749 form",
            body: .form(
                S.object(
                    [
                        (
                            "grant_type",
                            S.string(enum: [
                                "urn:ietf:params:oauth:grant-type:token-exchange", "refresh_token",
                                "authorization_code",
                            ])
                        ),
                        ("subject_token", S.string("The API key or the external issuer's JWT (token exchange)")),
                        (
                            "subject_token_type",
                            S.string(enum: ["urn:gatehouse:token-type:api-key", "urn:ietf:params:oauth:token-type:jwt"])
                        ),
                        ("requested_subject", S.string("The user id (token exchange)")),
                        ("audience", S.string("Must be the configured audience when given")),
                        ("requested_token_type", S.string(enum: ["urn:ietf:params:oauth:token-type:access_token"])),
                        ("refresh_token", S.string("The refresh token (refresh_token grant)")),
                        ("client_id", S.string("The client the refresh token was issued to")),
                        ("client_secret", S.string("A confidential client's secret (client_secret_post)")),
                        ("code", S.string("The authorization code (authorization_code grant)")),
                        ("code_verifier", S.string("The PKCE verifier, 43–128 unreserved characters")),
                        ("redirect_uri", S.string("The authorization request's redirect_uri, if it sent one")),
                        ("scope", S.string("A narrower scope (refresh_token grant)")),
                        ("resource", S.string("The grant's resource (RFC 8707; refresh_token grant)")),
                    ], required: ["grant_type"])),
            responses: [
                .success(
                    200, "An access token (and, for refresh_token, the next refresh token)",
                    S.object(
                        [
                            ("access_token", S.string()), ("token_type", S.string(enum: ["Bearer"])),
                            ("expires_in", S.integer(minimum: 1)), ("scope", S.string()),
                            ("issued_token_type", S.string()), ("refresh_token", S.string()),
                        ], required: ["access_token", "token_type", "expires_in", "scope"]),
                    headers: noStore),
                .error(
                    400, "invalid_request, invalid_grant (refused key, user or refresh token), unsupported_grant_type"),
                .error(403, "The user ranks above the key's creator or is disabled"), limited,
            ]),
        .sendOTP: .init(
            "`{\"phone\"}` → `{\"status\":\"sent\",\"expires_in\",\"resend_after\"}`, the same for every number; "
                + "a code goes out only to a registered one",
            body: .json(S.record([("phone", S.string("A phone number, normalised to E.164"))])),
            responses: [
                .success(
                    200, "Sent (or nothing sent, for an unknown number: the same answer)",
                    S.record([
                        ("status", S.string(enum: ["sent"])), ("expires_in", S.integer(minimum: 1)),
                        ("resend_after", S.integer(minimum: 0)),
                    ]), headers: noStore),
                validation("phone"),
                .error(
                    429, "Resend cooldown, hourly sends, per-IP limit or locked",
                    headers: ["Retry-After"] + rateLimitHeaders),
                .error(502, "The code could not be delivered; ask again"),
            ]),
        .verifyOTP: .init(
            "`{\"phone\",\"code\"}` → session cookie and "
                + "`{\"user\",\"access_token\",\"refresh_token\",\"expires_at\"}`",
            body: .json(
                S.record([("phone", S.string()), ("code", ["type": "string", "pattern": "^[0-9]{6}$"])])),
            responses: [
                .success(
                    200, "Signed in",
                    S.record([
                        ("user", S.ref("SessionSubject")), ("access_token", S.string()),
                        ("refresh_token", S.string()), ("expires_at", S.time),
                    ]), headers: noStore + ["Set-Cookie"]),
                .error(401, "Wrong or expired code"), .error(403, "The account is disabled (user_disabled)"),
                validation("phone or code"),
                .error(429, "Too many attempts, per-IP limit or locked", headers: ["Retry-After"] + rateLimitHeaders),
            ]),
        .logout: .init(
            "Revokes the cookie's session and its refresh tokens, clears the cookie; 200 with or without a session",
            credentials: sessionCredential, credentialsOptional: true,
            responses: [
                .success(
                    200, "Logged out", S.record([("status", S.string(enum: ["logged_out"]))]),
                    headers: noStore + ["Set-Cookie"])
            ]),
        .session: sessionView(
            "`{\"user\",\"session\"}` for a live session cookie", member: "user", "The session and its user",
            refused: "An administrator's session (platform_admin)"),
        .adminSession: sessionView(
            "Platform-administrator sessions only (401 without a session, 403 for a user's)", member: "admin",
            "The administrator's session", refused: "A user's session, not an administrator's"),
        .adminListTenants: page(
            "The tenant directory, newest first: every tenant's id, name and creation time; platform-administrator "
                + "sessions only (401 without a session, 403 `admin_required` for any other; audited in the platform's "
                + "stream), nothing of a tenant's own data", of: "Tenant", "A page of tenants"),
        .refresh: .init(
            "`{\"refresh_token\"}` → "
                + "`{\"access_token\",\"token_type\",\"expires_in\",\"expires_at\",\"refresh_token\"}`; "
                + "the presented token is rotated (reuse after the grace revokes the family)",
            body: .json(S.record([("refresh_token", S.string())])),
            responses: [
                .success(
                    200, "A new access token and the next refresh token",
                    S.extending("AccessToken", [("refresh_token", S.string())], required: ["refresh_token"]),
                    headers: noStore),
                .error(401, "Invalid, expired, revoked or reused refresh token"), validation("refresh_token"),
            ]),
        .sessionToken: .init(
            "Session cookie → `{\"access_token\",\"token_type\",\"expires_in\",\"expires_at\"}`",
            credentials: sessionCredential,
            responses: [
                .success(200, "An access token for the session's user", S.ref("AccessToken"), headers: noStore),
                .error(401, "No live session"), .error(403, "An administrator's session (platform_admin)"),
            ]),
    ]

    /// A route answering the session cookie's session and its subject under `member`.
    private static func sessionView(
        _ notes: String, member: String, _ description: String, refused: String
    )
        -> RouteDocumentation
    {
        .init(
            notes, credentials: sessionCredential,
            responses: [
                .success(
                    200, description, S.record([(member, S.ref("SessionSubject")), ("session", S.ref("Session"))]),
                    headers: noStore),
                .error(401, "No live session"), .error(403, refused),
            ])
    }

    private static func tokenExchange(tenant: Bool) -> RouteDocumentation {
        .init(
            "`X-API-Key` + `{\"userId\"}` → `{\"token\",\"expires_at\"}`"
                + (tenant ? "; the key must belong to `{tenantId}`" : ""),
            credentials: [[.apiKey], [.bearer]],
            body: .json(S.record([("userId", S.string("The user to sign in as"))])),
            responses: [
                .success(
                    200, "A token for the user", S.record([("token", S.string()), ("expires_at", S.time)]),
                    headers: noStore + rateLimitHeaders),
                .error(401, "Key missing, wrong or unknown, or user not found"),
                .error(403, "The user ranks above the key's creator (permission_boundary) or is disabled"),
                .error(404, "The tenant does not exist"), validation(tenant ? "tenantId or userId" : "userId"), limited,
            ])
    }

    // MARK: keys, rotate

    private static let keyBody = S.object(
        [
            ("name", ["type": "string", "minLength": 1, "maxLength": 100]), ("scopes", scopeList),
            ("scope_mode", S.string(enum: ["strict", "legacy"])),
            ("expires_at", S.string(format: "date-time", "A future time within ten years")),
            ("expires_in", S.integer(minimum: 60, maximum: KeyPolicy.maximumLifetimeSeconds, "Seconds")),
            ("expires_in_days", S.integer(minimum: 1, maximum: 3650)), ("app_id", identifier),
            ("is_test", S.boolean), ("rate_limit_per_minute", S.integer(minimum: 1, maximum: 1_000_000)),
        ], required: ["name", "scopes"])

    private static let userBody = S.object(
        [("id", identifier), ("role", S.string(enum: ["viewer", "editor", "admin", "owner"])), ("phone", phone)],
        required: ["role"])

    private static let keys: [Operation: RouteDocumentation] = [
        .createKey: .init(
            "`{\"name\",\"scopes\",…}` → 201 `{\"id\",\"key\",\"key_prefix\",\"name\",\"scopes\",\"scope_mode\","
                + "\"created_at\",\"expires_at\",\"is_test\"}` (seed 003); optional `scope_mode`, `expires_at` or "
                + "`expires_in` (s) or `expires_in_days`, `app_id`, `is_test`, `rate_limit_per_minute`; the scopes "
                + "must be within the caller's",
            body: .json(keyBody),
            responses: [
                .success(201, "The new key, shown once", S.ref("CreatedAPIKey"), headers: noStore),
                validation("name, scopes, scope_mode, expiry, app_id or rate_limit_per_minute"),
            ]),
        .listKeys: page(
            "A page of keys, newest first, never a secret or its hash", of: "APIKey",
            "The tenant's keys (of the caller's mode)"),
        .getKey: .init(
            "Never the secret or its hash; another tenant's key → 404",
            responses: [.success(200, "The key", S.ref("APIKey")), notFound("Key")]),
        .revokeKey: .init(
            "At once; the key of this very request → 409 `cannot_revoke_current_key`",
            responses: [
                .success(200, "The revoked key", S.ref("APIKey")), notFound("Key"),
                .error(409, "The key authenticates this very request (cannot_revoke_current_key)"),
            ]),
        .createOwner: .init(
            "`{\"id\"?,\"phone\"?}` → 201 a user with the owner role (platform credential or owner)",
            body: .json(S.object([("id", identifier), ("phone", phone)], required: [])),
            responses: [
                .success(201, "The owner", S.ref("User")), .error(409, "The id or phone is taken"),
                validation("id or phone"),
            ]),
        .createAgent: .init(
            "`{\"name\",\"owner_id\"?,\"scopes\"?}` → 201 with the `agk_live_…` key, shown once",
            body: .json(
                S.object(
                    [
                        ("name", ["type": "string", "minLength": 1, "maxLength": 100]), ("owner_id", identifier),
                        ("scopes", scopeList), ("is_test", S.boolean),
                    ], required: ["name"])),
            responses: [
                .success(201, "The agent and its key", S.ref("CreatedAgent"), headers: noStore),
                validation("name, owner_id or scopes"),
            ]),
        .listAgents: page(
            "A page of agents, oldest first: a platform credential sees every agent, a user the agents they own, an "
                + "agent itself", of: "Agent", "The visible agents"),
        .getAgent: .init(
            "An agent key sees only its own agent (another → 404)",
            responses: [.success(200, "The agent", S.ref("Agent")), notFound("Agent")]),
        .deleteAgent: .init(
            "Its key stops at once", responses: [.empty(204, "Deleted"), notFound("Agent")]),
        .createApp: .init(
            "`{\"name\",\"id\"?}` → 201",
            body: .json(
                S.object(
                    [("name", ["type": "string", "minLength": 1, "maxLength": 100]), ("id", identifier)],
                    required: ["name"])),
            responses: [
                .success(201, "The app", S.ref("App")), .error(409, "The id is taken"), validation("name or id"),
            ]),
        .listApps: page("A page of apps, oldest first", of: "App", "The tenant's apps"),
        .createUser: .init(
            "`{\"id\"?,\"role\",\"phone\"?}` → 201; nobody creates a user above their own scopes",
            body: .json(userBody),
            responses: [
                .success(201, "The user", S.ref("User")), .error(409, "The id or phone is taken"),
                validation("id, role or phone"),
            ]),
        .listUsers: page("A page of users, oldest first", of: "User", "The tenant's users"),
        .listTenantUsers: {
            var users = page("Seed 004's user list, paged as `GET /v1/users`; another tenant's id → 404", of: "User", "The tenant's users")
            users.responses.append(notFound("Tenant"))
            return users
        }(),
        .getUser: .init(
            "Another tenant's user → 404", responses: [.success(200, "The user", S.ref("User")), notFound("User")]),
        .updateUser: .init(
            "`{\"role\"?,\"status\"?}`: disable, enable or change the role; not one's own (409)",
            body: .json(
                S.object(
                    [
                        ("role", S.string(enum: ["viewer", "editor", "admin", "owner"])),
                        ("status", S.string(enum: ["active", "disabled"])),
                    ], required: [])),
            responses: [
                .success(200, "The changed user", S.ref("User")), notFound("User"),
                .error(409, "The caller's own status or role (cannot_disable_current_user, cannot_change_own_role)"),
                validation("role or status"),
            ]),
        .disableUser: .init(
            "Their keys stop at once; not oneself (409)",
            responses: [
                .success(200, "The disabled user", S.ref("User")), notFound("User"),
                .error(409, "A user cannot disable themselves (cannot_disable_current_user)"),
            ]),
        .listAudit: .init(
            "The tenant's audit records, oldest first (`since`: a record id, Unix ms or ISO 8601; `limit` 1–1000, "
                + "default 100) → `{\"data\":[…],\"next\"}`",
            parameters: [
                .query("since", S.string(), "Records after this stream id, Unix milliseconds or ISO 8601 time"),
                .query("limit", S.integer(minimum: 1, maximum: 1000), "At most this many records (default 100)"),
            ],
            responses: [
                .success(
                    200, "A page of records",
                    S.record([
                        ("data", ["type": "array", "items": S.ref("AuditRecord")]), ("next", S.nullable(S.string())),
                    ])),
                validation("since or limit"),
            ]),
        .rotateKey: .init(
            "`{\"grace_period_hours\": 0…168}` (else 422) → 201 a new key with the same scopes, `rotated_from`, "
                + "`old_key_expires_at`; the old key works until exactly that instant",
            body: .json(
                S.object([("grace_period_hours", S.integer(minimum: 0, maximum: 168))], required: []), required: false),
            responses: [
                .success(
                    201, "The new key, shown once",
                    S.extending(
                        "CreatedAPIKey", [("rotated_from", S.string()), ("old_key_expires_at", S.nullable(S.time))],
                        required: ["rotated_from", "old_key_expires_at"]), headers: noStore),
                notFound("Usable key"), validation("grace_period_hours"),
            ]),
        .rotateAgentKey: .init(
            "→ 201 a new agent key; the old one stops at once (the agent itself, or `agents:manage`)",
            responses: [
                .success(201, "The agent and its new key", S.ref("CreatedAgent"), headers: noStore), notFound("Agent"),
            ]),
        .regenerateSlot: .init(
            "Seed 004's two slots: a new key in one slot revokes only that slot's previous key",
            responses: [
                .success(
                    201, "The slot's new key, shown once",
                    S.extending(
                        "CreatedAPIKey", [("slot", S.string(enum: ["primary", "secondary"]))], required: ["slot"]),
                    headers: noStore),
                .error(404, "Another tenant"), validation("slot"),
            ]),
        .listSlots: .init(
            "`{\"primary\",\"secondary\"}`: the key in each slot, or null",
            responses: [.success(200, "The slots", S.ref("KeySlots")), .error(404, "Another tenant")]),
    ]

    // MARK: proof, verify, jwks

    private static let authHeaders = [
        "X-Auth-Tenant", "X-Auth-Subject", "X-Auth-Subject-Type", "X-Auth-Scopes", "X-Auth-Credential-Type",
        "X-Auth-App-Id", "X-Auth-Key-Id",
    ]

    private static func verify() -> RouteDocumentation {
        .init(
            "The gateway authorizer (nginx `auth_request`, Traefik ForwardAuth, Envoy ext_authz, API Gateway "
                + "REQUEST authorizer): 200 with the principal and `X-Auth-*` headers; 403 `details.missing_scope` "
                + "(`?scope=`/`X-Required-Scope`) or `app_mismatch` (`X-App-Id`); 429",
            parameters: [
                .query("scope", scope, "A scope the credential must hold"),
                .header("X-Required-Scope", scope, "A scope the credential must hold (if no ?scope=)"),
                .query("resource", S.string(), "The configured resource the gateway guards: `aud` must name it"),
                .header("X-Gatehouse-Resource", S.string(), "The guarded resource (if no ?resource=)"),
            ],
            responses: [
                .success(200, "The principal", S.ref("Principal"), headers: noStore + authHeaders + rateLimitHeaders)
            ])
    }

    private static let metadata = S.object(
        [
            ("issuer", S.string()), ("jwks_uri", S.string()), ("token_endpoint", S.string()),
            ("grant_types_supported", S.scopes), ("scopes_supported", S.scopes),
        ], required: ["issuer", "jwks_uri", "token_endpoint"])

    private static let gateway: [Operation: RouteDocumentation] = [
        .proof: .init(
            "Any principal → "
                + "`{\"proof\",\"subject\",\"subject_type\",\"platform_id\",\"issued_at\",\"expires_at\",\"kid\"}`",
            responses: [.success(200, "A proof valid one hour", S.ref("Proof"), headers: noStore)]),
        .agentProof: .init(
            "Agent key (`x-agent-key: agk_live_…`) → `{\"proof\",\"agent_id\",\"platform_id\",\"issued_at\","
                + "\"expires_at\",\"kid\"}`; any other credential 403 `agent_key_required`",
            responses: [
                .success(200, "A proof valid one hour", S.ref("AgentProof"), headers: noStore),
                .error(403, "Not an agent key (agent_key_required), or a missing scope"),
            ]),
        .verify: verify(),
        .verifyPost: verify(),
        .introspect: .init(
            "`token=…` (any key or access token) → `{\"active\":true,\"sub\",\"scope\",…}` or "
                + "`{\"active\":false}` (also for another tenant's token); the caller authenticates with its own "
                + "credential",
            body: .form(S.record([("token", S.string("The key or token to introspect"))])),
            responses: [
                .success(200, "The token's state", S.ref("Introspection"), headers: noStore),
                .error(401, "invalid_client: the caller's own credential is missing or refused"),
            ]),
        .jwks: .init(
            "`{\"keys\":[…]}`, public halves only; served in maintenance mode",
            responses: [
                .success(
                    200, "The keys",
                    S.record([
                        (
                            "keys",
                            [
                                "type": "array",
                                "items": S.object(
                                    [("kid", S.string()), ("kty", S.string())], required: ["kid", "kty"]),
                            ]
                        )
                    ]))
            ]),
        .openIDConfiguration: .init(
            "Lists the endpoints this build serves",
            responses: [.success(200, "The metadata", metadata)]),
        .authorizationServerMetadata: .init(
            "Lists the endpoints this build serves",
            responses: [.success(200, "The metadata", metadata)]),
        .openAPIDocument: .init(
            "Generated from the route catalog (`gatehouse openapi`); `servers` is the issuer",
            responses: [
                .success(
                    200, "The OpenAPI document",
                    S.object(
                        [("openapi", S.string()), ("info", ["type": "object"]), ("paths", ["type": "object"])],
                        required: ["openapi", "info", "paths"]))
            ]),
    ]
}
