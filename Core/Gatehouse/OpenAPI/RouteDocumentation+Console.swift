/// The entries of the console's pages and forms (HTML answers; every error is a page, and no
/// session is a 303 to the sign-in page).
extension RouteDocumentation {
    private typealias S = OpenAPISchemas

    private static let csrfField = ("csrf_token", S.string("The token of the page's form, bound to the `__Host-gh_csrf` cookie"))
    private static let toSignIn = Answer.seeOther("No live session: to `/console/signin`")
    private static let formRefusals: [Answer] = [
        .page(403, "CSRF token missing or wrong (nothing written), or a scope the user does not hold"),
        .page(415, "Not a form"),
        .page(503, "Store unreachable", headers: ["Retry-After"]),
    ]

    private static func form(_ fields: [(String, JSONValue)], required: [String] = []) -> Body {
        .form(S.object([csrfField] + fields, required: ["csrf_token"] + required))
    }

    static let consolePages: [Operation: RouteDocumentation] = [
        .consoleHome: .init(
            "303 to the session's start page: the API keys page for a tenant's user (the sign-in page through it "
                + "without a session), the tenants page for a platform administrator",
            responses: [.seeOther("To `/console/keys` or `/console/tenants`")]),
        .consoleSignIn: .init(
            "The sign-in page: the phone form, or the code form while a sign-in is pending (the number sealed in the "
                + "`__Host-gh_oauth_signin` cookie); a signed-in user goes to the API keys page, an administrator to "
                + "the tenants page. Sets `__Host-gh_csrf`.",
            responses: [
                .page(200, "The phone or code form"),
                .seeOther("Signed in already: to `/console/keys` (`/console/tenants` for an administrator)"),
                .page(503, "Store unreachable", headers: ["Retry-After"]),
            ]),
        .consoleSignInForm: .init(
            "A step of the sign-in page (`step` = `phone`, `code` or `restart`), as `/v1/auth/send-otp` and "
                + "`/v1/auth/verify-otp` (their limits; no answer depends on whether the number is registered). "
                + "A right code opens a session with the session cookie (a tenant user's or a platform "
                + "administrator's) and leads to `/console`.",
            body: form(
                [
                    ("step", S.string(enum: ["phone", "code", "restart"])), ("phone", S.string("The phone number")),
                    ("code", S.string("The texted code")),
                ], required: ["step"]),
            responses: [
                .seeOther("To the code form (a code was sent), or to `/console` (signed in)"),
                .page(400, "The form again with its problem"), .page(401, "The code form again: wrong or expired code"),
                .page(429, "The form again: too many attempts", headers: ["Retry-After"]),
            ] + formRefusals),
        .consoleLogout: .init(
            "Ends the session, a user's or an administrator's (as `POST /v1/auth/logout`), and clears its cookie.",
            body: form([]), responses: [.seeOther("To `/console/signin`")] + formRefusals),
        .consoleKeys: .init(
            "The API keys page: every key of the workspace (display prefix, name, scopes, mode, app, created, last "
                + "rotation, expiry, state); with `keys:manage`, the create form and each key's rotate and revoke forms. "
                + "After a create, rotate or regenerate, shows the new plaintext once (from the two-minute sealed "
                + "`__Host-gh_console_reveal` cookie, cleared by this answer).",
            responses: [.page(200, "The page"), toSignIn, .page(403, "The user lacks `keys:read`")]),
        .consoleCreateKey: .init(
            "`POST /v1/api_keys` from the create form, under the form's one-time `idempotency_key` (a double submit "
                + "mints one key).",
            body: form(
                [
                    ("name", S.string("The key's name")), ("scopes", S.string("A scope the user holds (repeated)")),
                    ("duration", S.string("Days until the key expires; empty: never")),
                    ("expires_on", S.string(format: "date", "Or the UTC date through which the key works")),
                    ("app_id", S.string("The app the key is bound to; empty: any")),
                    ("is_test", S.string("Present: an `ak_test_` key")),
                    ("idempotency_key", S.string("The form's one-time key")),
                ], required: ["name", "idempotency_key"]),
            responses: [
                .seeOther("To `/console/keys`, which shows the plaintext once"), toSignIn,
                .page(400, "The form lacks its idempotency key"),
                .page(422, "The page again with the problem next to its field"),
                .page(409, "The same form is being submitted already"),
            ] + formRefusals),
        .consoleRotateKey: .init(
            "`POST /v1/api_keys/{id}/rotate` with the chosen `grace_period_hours`.",
            body: form([("grace_period_hours", S.string("0, 1, 24 or 168"))], required: ["grace_period_hours"]),
            responses: [
                .seeOther("To `/console/keys`, which shows the new plaintext once"), toSignIn,
                .page(404, "The page again: no such key"), .page(422, "The page again with the problem in the key's row"),
            ] + formRefusals),
        .consoleRevokeKey: .init(
            "`DELETE /v1/api_keys/{id}` once `confirm=yes` is ticked.",
            body: form([("confirm", S.string(enum: ["yes"]))]),
            responses: [
                .seeOther("To `/console/keys`"), toSignIn, .page(404, "The page again: no such key"),
                .page(409, "The page again: the key authenticates this request"),
                .page(422, "The page again: confirmation not ticked"),
            ] + formRefusals),
        .consoleSlots: .init(
            "The primary and secondary keys page (seed 004), with each slot's regenerate form for `keys:manage`.",
            responses: [.page(200, "The page"), toSignIn, .page(403, "The user lacks `keys:read`")]),
        .consoleRegenerateSlot: .init(
            "`POST /v1/tenants/{tenant}/api_keys/{slot}/regenerate` for the user's tenant once `confirm=yes` is ticked.",
            body: form([("confirm", S.string(enum: ["yes"]))]),
            responses: [
                .seeOther("To `/console/slots`, which shows the new plaintext once"), toSignIn,
                .page(422, "The page again: confirmation not ticked, or not a slot"),
            ] + formRefusals),
        .consoleAgents: .init(
            "The agents page: the agents the user owns (as `GET /v1/agents` shows a user); with `agents:manage`, the "
                + "create form and each agent's rotate-key and delete forms. Shows a new agent key once.",
            responses: [.page(200, "The page"), toSignIn, .page(403, "The user lacks `agents:read`")]),
        .consoleCreateAgent: .init(
            "`POST /v1/agents` owned by the signed-in user.",
            body: form([("name", S.string("The agent's name")), ("scopes", S.string("Space-separated scopes"))],
                required: ["name"]),
            responses: [
                .seeOther("To `/console/agents`, which shows the agent key once"), toSignIn,
                .page(422, "The page again with the problem next to its field"),
            ] + formRefusals),
        .consoleRotateAgentKey: .init(
            "`POST /v1/agents/{agent_id}/rotate-keys`: the agent's previous key stops at once.", body: form([]),
            responses: [
                .seeOther("To `/console/agents`, which shows the new key once"), toSignIn,
                .page(404, "The page again: no such agent"),
            ] + formRefusals),
        .consoleDeleteAgent: .init(
            "`DELETE /v1/agents/{id}` once `confirm=yes` is ticked.", body: form([("confirm", S.string(enum: ["yes"]))]),
            responses: [
                .seeOther("To `/console/agents`"), toSignIn, .page(404, "The page again: no such agent"),
                .page(422, "The page again: confirmation not ticked"),
            ] + formRefusals),
        .consoleUsers: .init(
            "The users and roles page: the workspace's users (as `GET /v1/users`); with `users:manage`, the add form "
                + "and each user's role and disable forms, offering only roles within the user's own scopes.",
            responses: [.page(200, "The page"), toSignIn, .page(403, "The user lacks `users:read`")]),
        .consoleCreateUser: .init(
            "`POST /v1/users` (the permission boundary: no role above the signed-in user's scopes).",
            body: form(
                [("id", S.string("The new user's id; empty: generated")), ("role", S.string(enum: ["viewer", "editor", "admin", "owner"])),
                    ("phone", S.string("E.164 phone for OTP sign-in"))], required: ["role"]),
            responses: [
                .seeOther("To `/console/users`"), toSignIn,
                .page(409, "The page again: the id is taken"),
                .page(422, "The page again with the problem next to its field"),
            ] + formRefusals),
        .consoleChangeRole: .init(
            "`PATCH /v1/users/{id}` with the chosen role (nobody changes their own role or one above their scopes).",
            body: form([("role", S.string(enum: ["viewer", "editor", "admin", "owner"]))], required: ["role"]),
            responses: [
                .seeOther("To `/console/users`"), toSignIn, .page(404, "The page again: no such user"),
                .page(409, "The page again: one's own role"), .page(422, "The page again: not a role"),
            ] + formRefusals),
        .consoleDisableUser: .init(
            "`DELETE /v1/users/{id}` once `confirm=yes` is ticked: the user's keys and sessions stop.",
            body: form([("confirm", S.string(enum: ["yes"]))]),
            responses: [
                .seeOther("To `/console/users`"), toSignIn, .page(404, "The page again: no such user"),
                .page(409, "The page again: oneself"), .page(422, "The page again: confirmation not ticked"),
            ] + formRefusals),
        .consoleOAuthClients: .init(
            "The OAuth apps page: the clients the workspace registered or that hold its users' grants (as "
                + "`GET /v1/oauth_clients`); with `keys:manage`, each one's delete form.",
            responses: [.page(200, "The page"), toSignIn, .page(403, "The user lacks `keys:read`")]),
        .consoleDeleteOAuthClient: .init(
            "`DELETE /v1/oauth_clients/{id}` once `confirm=yes` is ticked: every token the client holds ends.",
            body: form([("confirm", S.string(enum: ["yes"]))]),
            responses: [
                .seeOther("To `/console/oauth-clients`"), toSignIn, .page(404, "The page again: no such client"),
                .page(422, "The page again: confirmation not ticked"),
            ] + formRefusals),
        .consoleAudit: .init(
            "The audit log page, newest first, 50 a page: filters `outcome`, `route` (contains), `credential`, "
                + "`key_id`, `since`/`until` (UTC, `2026-12-01T15:00`); `before` starts the next older page.",
            parameters: ["outcome", "route", "credential", "key_id", "since", "until", "before"].map { name in
                .query(name, S.string("A filter"), required: false, "See the summary")
            },
            responses: [
                .page(200, "The page"), .page(422, "The filter form with the problem next to its field"), toSignIn,
                .page(403, "The user lacks `audit:read`"), .page(400, "Malformed query string"),
            ]),
        .consoleTenants: .init(
            "The tenants page of a platform administrator: the tenant directory (as `GET /v1/admin/tenants`), "
                + "newest first, 50 a page (`cursor`: the previous page's next). A tenant's user is refused (403); an "
                + "administrator reaches no tenant's pages.",
            parameters: [.query("cursor", S.string("The next of the previous page"), required: false, "Paging")],
            responses: [
                .page(200, "The page"), toSignIn, .page(403, "Not a platform administrator's session"),
                .page(422, "A cursor that is not one"),
            ]),
    ]
}
