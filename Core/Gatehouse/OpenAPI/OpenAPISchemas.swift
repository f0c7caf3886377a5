/// The JSON Schemas (2020-12, as OpenAPI 3.1 reads them) of every body Gatehouse answers, and the
/// response headers, under `components` of ``OpenAPIDocument``. The shapes are the ones the
/// handlers write (`publicJSON` of the records, the route bodies of SPEC §4 and the seeds).
public enum OpenAPISchemas {
    // MARK: Building blocks

    /// A reference to a component schema.
    public static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }

    /// A string, optionally with a format, a pattern or a list of values.
    public static func string(
        format: String? = nil, enum values: [String]? = nil, _ description: String? = nil
    )
        -> JSONValue
    {
        var schema: JSONObject = ["type": "string"]
        if let format { schema["format"] = .string(format) }
        if let values { schema["enum"] = .array(values.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// An integer, optionally bounded.
    public static func integer(minimum: Int64? = nil, maximum: Int64? = nil, _ description: String? = nil) -> JSONValue
    {
        var schema: JSONObject = ["type": "integer"]
        if let minimum { schema["minimum"] = .integer(minimum) }
        if let maximum { schema["maximum"] = .integer(maximum) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    public static let boolean: JSONValue = ["type": "boolean"]
    /// An HTML document (the authorization pages).
    public static let html: JSONValue = ["type": "string", "description": "An HTML page"]
    /// An ISO 8601 UTC time with milliseconds (SPEC §5).
    public static let time: JSONValue = string(format: "date-time")
    public static let scopes: JSONValue = ["type": "array", "items": ["type": "string"]]

    /// The schema with `null` allowed too.
    public static func nullable(_ schema: JSONValue) -> JSONValue {
        guard var object = schema.objectValue else { return schema }
        if let type = object["type"]?.stringValue {
            object["type"] = [.string(type), "null"]
            if let values = object["enum"]?.arrayValue { object["enum"] = .array(values + [.null]) }
            return .object(object)
        }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// An object with these properties, the `required` ones always present.
    public static func object(
        _ properties: [(String, JSONValue)], required: [String], _ description: String? = nil
    )
        -> JSONValue
    {
        var schema: JSONObject = ["type": "object"]
        if let description { schema["description"] = .string(description) }
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        schema["properties"] = .object(JSONObject(properties))
        return .object(schema)
    }

    /// An object with these properties, all of them always present.
    public static func record(_ properties: [(String, JSONValue)], _ description: String? = nil) -> JSONValue {
        object(properties, required: properties.map(\.0), description)
    }

    /// `{"data": [item…]}`.
    public static func list(of item: String) -> JSONValue {
        record([("data", ["type": "array", "items": ref(item)])])
    }

    /// A schema extending a component with more properties.
    public static func extending(_ base: String, _ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        ["allOf": [ref(base), object(properties, required: required)]]
    }

    /// A tenant id (`Identifier.isTenant`).
    public static let tenantID: JSONValue = [
        "type": "string", "pattern": "^[a-z0-9][a-z0-9_-]{0,62}$", "description": "A tenant id",
    ]
    /// A user, key, agent or app id (`Identifier.isObjectID`).
    public static let objectID: JSONValue = [
        "type": "string", "pattern": "^[A-Za-z0-9._@+-]{1,128}$",
        "description": "1 to 128 characters of A-Z, a-z, 0-9 and ._@+-",
    ]

    /// The schema of a path parameter, by the name the catalog's patterns give it.
    public static func pathParameter(_ name: String) -> JSONValue {
        switch name {
        case "org", "tenantId", "tenant": tenantID
        case "slot": string(enum: ["primary", "secondary"])
        default: objectID
        }
    }

    // MARK: Components

    static let role = string(enum: ["viewer", "editor", "admin", "owner"])

    /// `components.schemas`.
    public static let schemas: JSONObject = [
        "Error": record(
            [
                (
                    "error",
                    object(
                        [
                            (
                                "code",
                                string("Machine-readable code: invalid_request, authentication_error, forbidden, …")
                            ),
                            ("message", string()), ("details", ["type": "object"]), ("request_id", string()),
                        ], required: ["code", "message", "request_id"])
                )
            ], "The Gatehouse error envelope (SPEC §6)"),
        "OAuthError": object(
            [
                ("error", string("RFC 6749 §5.2 code: invalid_request, invalid_grant, unsupported_grant_type, …")),
                ("error_description", string()),
            ], required: ["error"], "An RFC 6749 error"),
        "APIKey": object(
            [
                ("id", string()), ("key_prefix", string("The first 14 characters of the key")), ("name", string()),
                ("scopes", scopes), ("scope_mode", string(enum: ["strict", "legacy"])), ("created_at", time),
                ("expires_at", nullable(time)), ("is_test", boolean), ("created_by", string()),
                ("revoked_at", time), ("app_id", string()),
                (
                    "last_rotated_at",
                    nullable(string(format: "date-time", "When the key, or the key it replaced, was last rotated"))
                ),
                ("rotated_from", string("The key this one replaced by rotation")),
            ],
            required: [
                "id", "key_prefix", "name", "scopes", "scope_mode", "created_at", "expires_at", "is_test", "created_by",
                "last_rotated_at",
            ],
            "An API key, never its secret or hash"),
        "CreatedAPIKey": object(
            [
                ("id", string()), ("key", string("The key, shown this once")), ("key_prefix", string()),
                ("name", string()), ("scopes", scopes), ("scope_mode", string(enum: ["strict", "legacy"])),
                ("created_at", time), ("expires_at", nullable(time)), ("is_test", boolean), ("app_id", string()),
                ("rate_limit_per_minute", integer(minimum: 1)),
            ],
            required: [
                "id", "key", "key_prefix", "name", "scopes", "scope_mode", "created_at", "expires_at", "is_test",
            ],
            "A new API key with its secret (seed 003)"),
        "KeySlots": record(
            [("primary", nullable(ref("APIKey"))), ("secondary", nullable(ref("APIKey")))],
            "The keys in seed 004's two slots"),
        "User": record(
            [
                ("id", string()), ("role", role), ("status", string(enum: ["active", "disabled"])),
                ("phone", nullable(string("E.164 number"))), ("is_test", boolean), ("created_at", time),
            ], "A user of the tenant"),
        "Agent": object(
            [
                ("id", string()), ("name", string()), ("owner_id", nullable(string())), ("key_prefix", string()),
                ("scopes", scopes), ("is_test", boolean), ("created_at", time), ("deleted_at", time),
            ], required: ["id", "name", "owner_id", "key_prefix", "scopes", "is_test", "created_at"],
            "An agent (seed 002)"),
        "CreatedAgent": extending("Agent", [("key", string("The agent key, shown this once"))], required: ["key"]),
        "Tenant": record(
            [("id", string()), ("name", string()), ("created_at", time)], "A tenant, as platform administrators list it"),
        "App": record([("id", string()), ("name", string()), ("created_at", time)], "An app of the tenant (seed 001)"),
        "Principal": record(
            [
                ("tenant_id", string()), ("subject", string()),
                ("subject_type", string(enum: ["user", "agent", "platform", "service"])),
                ("app_id", nullable(string())),
                ("credential_type", string("api_key, agent_key, platform_credential, access_token, session, …")),
                ("key_id", nullable(string())), ("effective_scopes", scopes), ("is_test", boolean),
                ("legacy_mode", boolean),
            ], "What the request's credential resolves to (SPEC §2)"),
        "Introspection": object(
            [
                ("active", boolean), ("sub", string()), ("scope", string()), ("client_id", nullable(string())),
                ("token_type", string()), ("tid", string()), ("iss", string()),
                ("subject_type", string()), ("is_test", boolean),
            ], required: ["active"], "RFC 7662 introspection response"),
        "SessionSubject": object(
            [
                ("id", string()), ("type", string(enum: ["user", "platform_admin"])), ("tenant", string()),
                ("role", role), ("phone", nullable(string())), ("created_at", time),
            ], required: ["id", "type"], "The user (or platform administrator) of a session"),
        "Session": record(
            [("id", string()), ("kind", string(enum: ["user", "admin"])), ("created_at", time), ("expires_at", time)],
            "A session opened by OTP sign-in"),
        "Proof": record(
            [
                ("proof", string("Compact JWS, alg EdDSA, typ proof+jwt")), ("subject", string()),
                ("subject_type", string()), ("platform_id", string()), ("issued_at", time), ("expires_at", time),
                ("kid", string()),
            ], "A signed proof of the caller"),
        "AgentProof": record(
            [
                ("proof", string("Compact JWS, alg EdDSA, typ proof+jwt")), ("agent_id", string()),
                ("platform_id", string()), ("issued_at", time), ("expires_at", time), ("kid", string()),
            ], "A signed proof of the calling agent (seed 002)"),
        "AuditRecord": object(
            [
                ("id", string("Stream id, usable as since")), ("time", time), ("request_id", string()),
                ("tenant", nullable(string())), ("subject", nullable(string())), ("subject_type", nullable(string())),
                ("credential_type", nullable(string())), ("key_id", nullable(string())),
                ("key_prefix", nullable(string())), ("method", string()), ("route", string()),
                ("outcome", string(enum: ["success", "denied", "auth_failed"])), ("status", nullable(integer())),
                ("client_ip", nullable(string())), ("user_agent", nullable(string())), ("legacy_mode", boolean),
            ], required: ["id"], "One audit record (SPEC §6)"),
        "AccessToken": record(
            [
                ("access_token", string("Compact JWS, typ at+jwt")), ("token_type", string(enum: ["Bearer"])),
                ("expires_in", integer(minimum: 1)), ("expires_at", time),
            ], "An access token"),
        "OAuthClient": object(
            [
                ("client_id", string("mcp_ and 24 base62 characters")), ("client_name", string()),
                ("redirect_uris", ["type": "array", "items": string()]),
                ("token_endpoint_auth_method", string(enum: ["none", "client_secret_basic", "client_secret_post"])),
                ("grant_types", ["type": "array", "items": string(enum: ["authorization_code", "refresh_token"])]),
                ("response_types", ["type": "array", "items": string(enum: ["code"])]),
                ("application_type", string(enum: ["web", "native"])), ("client_id_issued_at", integer()),
                ("scope", string()), ("client_uri", string()),
                ("client_secret", string("The secret of a confidential client, shown this once")),
                ("client_secret_expires_at", integer(minimum: 0, maximum: 0, "0: never")),
            ],
            required: [
                "client_id", "redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types",
                "application_type", "client_id_issued_at",
            ], "An OAuth client's metadata (RFC 7591 §3.2.1), never its secret's hash"),
        "TenantOAuthClient": extending(
            "OAuthClient",
            [
                ("origin", string(enum: ["dynamic", "pre_registered", "metadata_document"])),
                ("created_at", time), ("registered_by_tenant", boolean),
                ("holds_grants", boolean),
            ], required: ["origin", "created_at", "registered_by_tenant", "holds_grants"]),
    ]

    /// `components.headers`: every header an answer documents, and whether it is always there
    /// when the answer lists it.
    public static let headers: JSONObject = [
        "X-Request-Id": header("The request's id, also in the error envelope and the audit record", required: true),
        "Cache-Control": header("no-store on every answer that holds a secret, and on errors", required: true),
        "RateLimit-Limit": header("Requests allowed in the window", integer()),
        "RateLimit-Remaining": header("Requests left in the window", integer(minimum: 0)),
        "RateLimit-Reset": header("Seconds until the window resets", integer(minimum: 0)),
        "Retry-After": header("Seconds to wait before retrying", integer(minimum: 1), required: true),
        "Idempotent-Replayed": header(
            "true when this is the stored answer to an earlier request with the same Idempotency-Key",
            string(enum: ["true"])),
        "Set-Cookie": header(
            "The session cookie (Secure, HttpOnly, SameSite=Lax, Path=/), set or cleared", required: true),
        "X-Auth-Tenant": header("The principal's tenant", required: true),
        "X-Auth-Subject": header("The principal's subject", required: true),
        "X-Auth-Subject-Type": header("user, agent, platform or service", required: true),
        "X-Auth-Scopes": header("The effective scopes, space-separated", required: true),
        "X-Auth-Credential-Type": header("How the caller authenticated", required: true),
        "X-Auth-App-Id": header("The app the request acts for"),
        "X-Auth-Key-Id": header("The id of the key (or session) that authenticated"),
        "Location": header("Where the browser goes next", required: true),
        "Content-Security-Policy": header(
            "default-src 'none', the page's stylesheet by hash, form-action 'self' (and the redirect URI's origin), "
                + "frame-ancestors 'none'", required: true),
        "X-Frame-Options": header("DENY: the pages are never framed", required: true),
    ]

    static func header(_ description: String, _ schema: JSONValue = string(), required: Bool = false) -> JSONValue {
        ["description": .string(description), "required": .bool(required), "schema": schema]
    }
}
