/// The entries of the authorization endpoint and its pages' forms (HTML answers).
extension RouteDocumentation {
    private typealias S = OpenAPISchemas

    /// The request parameters every page carries through its forms.
    private static let authorizationParameters: [(String, JSONValue)] = [
        ("response_type", S.string(enum: ["code"])),
        ("client_id", S.string("A registered client (mcp_…) or the https URL of its metadata document")),
        ("redirect_uri", S.string("One the client registered (optional when it registered exactly one)")),
        (
            "code_challenge",
            ["type": "string", "pattern": "^[A-Za-z0-9_-]{43}$", "description": "BASE64URL(SHA256(verifier))"]
        ),
        ("code_challenge_method", S.string(enum: ["S256"])),
        ("state", S.string("Echoed once on the redirect")),
        ("scope", S.string("Space-separated scopes, narrowed to the user's role")),
        ("resource", S.string("RFC 8707: Gatehouse's own API or a configured protected resource")),
    ]

    static let authorizePages: [Operation: RouteDocumentation] = [
        .oauthAuthorize: .init(
            "The authorization request (code + PKCE S256 only) → the sign-in page (phone, then the texted code), "
                + "then the consent page; a signed-in user with a remembered consent goes straight back. An unknown "
                + "client or a redirect URI that does not match → the error page (never a redirect); every other error "
                + "→ 303 to the redirect URI with `error`, `error_description`, `state`, `iss`. Sets the "
                + "`__Host-gh_csrf` cookie.",
            parameters: authorizationParameters.map { name, schema in
                .query(
                    name, schema,
                    required: ["response_type", "client_id", "code_challenge", "code_challenge_method"].contains(name),
                    "See RFC 6749 §4.1.1")
            },
            responses: [
                .page(200, "The sign-in, code or consent page"),
                .seeOther(
                    "To the redirect URI: `code`, `state`, `iss`, or `error`, `error_description`, `state`, `iss`"),
                .page(
                    400, "The error page: unknown client, redirect URI that does not match, malformed request",
                    orJSON: true),
                .page(403, "The error page: platform administrators cannot authorize apps"),
                .page(503, "Store unreachable", headers: ["Retry-After"], orJSON: true),
            ]),
        .oauthAuthorizeForm: .init(
            "A form of the pages (`step` = `phone`, `code`, `restart` or `consent`), with the request's parameters and "
                + "`csrf_token` (bound to the `__Host-gh_csrf` cookie; missing or wrong → the error page, nothing done). "
                + "Answered with a 303: back to the request (a code was sent; signed in, with the session cookie), or to "
                + "the redirect URI (`code`, `state`, `iss` on approve; `error=access_denied` on deny); or the form "
                + "again with its problem.",
            body: .form(
                S.object(
                    authorizationParameters + [
                        ("csrf_token", S.string("The token of the page's form")),
                        ("step", S.string(enum: ["phone", "code", "restart", "consent"])),
                        ("phone", S.string("The phone number (step phone)")),
                        ("code", S.string("The texted code (step code)")),
                        ("decision", S.string(enum: ["approve", "deny"])),
                    ], required: ["csrf_token", "step", "client_id"])),
            responses: [
                .seeOther("Back to the request, or to the redirect URI with the answer"),
                .page(400, "The form again with its problem, or the error page", orJSON: true),
                .page(401, "The code form again: wrong or expired code"),
                .page(403, "The error page: CSRF token missing or wrong; platform administrator"),
                .page(415, "The error page: not a form"),
                .page(429, "The form again: too many attempts", headers: ["Retry-After"]),
                .page(503, "Store unreachable", headers: ["Retry-After"], orJSON: true),
            ]),
    ]
}
