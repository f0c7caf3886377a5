/// The `console` function: server-rendered pages under `/console/…` where a tenant's users sign in
/// by phone OTP (the normal session cookie) and manage API keys, the primary and secondary slots,
/// agents, users and roles, OAuth apps, and read the audit log (issue 14; seeds 000, 002, 003, 004). Every form carries a CSRF token
/// (missing or wrong: 403, nothing written) and is answered with a 303; every action is the API
/// call it stands for (``ConsoleAPICall``), authenticated and audited by the dispatcher like any
/// route, with the session as the credential.
public enum ConsoleRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .consoleHome: home,
        .consoleSignIn: signIn,
        .consoleSignInForm: signInForm,
        .consoleLogout: logout,
        .consoleKeys: keys,
        .consoleCreateKey: createKey,
        .consoleRotateKey: rotateKey,
        .consoleRevokeKey: revokeKey,
        .consoleSlots: slots,
        .consoleRegenerateSlot: regenerateSlot,
        .consoleAgents: agents,
        .consoleCreateAgent: createAgent,
        .consoleRotateAgentKey: rotateAgentKey,
        .consoleDeleteAgent: deleteAgent,
        .consoleUsers: users,
        .consoleCreateUser: createUser,
        .consoleChangeRole: changeRole,
        .consoleDisableUser: disableUser,
        .consoleOAuthClients: oauthClients,
        .consoleDeleteOAuthClient: deleteOAuthClient,
        .consoleAudit: audit,
        .consoleTenants: tenants,
    ]

    // MARK: Signing in and out

    /// `GET /console` → the start page of the session: the API keys page for a tenant's user (and
    /// the sign-in page without a session, through it), the tenants page for a platform administrator.
    static func home(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        return page.seeOther(startPage(of: try signedIn(page)))
    }

    /// `GET /console/signin`: the phone form, the code form while a sign-in is pending, or the
    /// start page for a signed-in user or administrator.
    static func signIn(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        if let subject = try signedIn(page) { return page.seeOther(startPage(of: subject)) }
        let signIn = phoneSignIn(page)
        if signIn.pending != nil { return ConsoleSignInPages.code(page, lifetimeMinutes: signIn.codeLifetimeMinutes) }
        return ConsoleSignInPages.phone(page)
    }

    /// `POST /console/signin`: the phone, code or restart step.
    static func signInForm(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let signIn = phoneSignIn(page)
        let outcome: PhoneSignIn.Outcome
        var next = "/console/signin"
        switch form.value("step") {
        case "phone": outcome = try signIn.sendCode(typed: form.value("phone"))
        case "code":
            outcome = try signIn.checkCode(typed: form.value("code"))
            next = "/console"
        case "restart": outcome = .next(cookies: [OAuthPendingSignIn.clearCookie()])
        default: throw GatehouseError.invalidRequest("This form is not one of the console's")
        }
        switch outcome {
        case .next(let cookies): return page.seeOther(next, cookies: cookies)
        case .phoneProblem(let problem, let status): return ConsoleSignInPages.phone(page, problem: problem, status: status)
        case .codeProblem(let problem, let status):
            return ConsoleSignInPages.code(
                page, lifetimeMinutes: signIn.codeLifetimeMinutes, problem: problem, status: status)
        }
    }

    /// Tenant users and platform administrators sign in alike; what an administrator may see is
    /// decided by the routes (``RouteAccess/platformAdmin`` for the tenants page, and a tenant's
    /// pages refuse an administrator's session).
    static func phoneSignIn(_ page: ConsolePage) -> PhoneSignIn { PhoneSignIn(visit: page.visit, adminRefusal: nil) }

    /// The subject of the request's live session, if any.
    static func signedIn(_ page: ConsolePage) throws -> SessionSubject? {
        guard let cookie = SessionPolicy.cookie(page.request, name: page.context.configuration.cookieName) else {
            return nil
        }
        return try SessionStore.resolve(cookie, now: page.context.now, redis: page.context.redis)?.1
    }

    /// Where a session starts: the tenants page for an administrator, the API keys page otherwise.
    static func startPage(of subject: SessionSubject?) -> String {
        if case .admin = subject { return "/console/tenants" }
        return "/console/keys"
    }

    /// `POST /console/logout`: the session ends (as `POST /v1/auth/logout`), back to sign-in.
    static func logout(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        _ = try page.checkedForm()
        let ended = try OTPRoutes.logout(request, context)
        return page.seeOther("/console/signin", cookies: ended.headers.values("set-cookie"))
    }

    // MARK: API keys

    /// `GET /console/keys`.
    static func keys(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        return try page.revealing { reveal in try keysPage(page, reveal: reveal, problem: nil) }
    }

    static func keysPage(_ page: ConsolePage, reveal: ConsoleReveal?, problem: ConsoleProblem?) throws -> APIResponse {
        let principal = try page.context.requirePrincipal()
        let store = page.context.store
        let (records, _) = try KeyRoutes.keyPage(PageRequest(), principal: principal, store: store)
        let keys = TenantKeys(principal.tenantID)
        let appPage = try store.page(of: keys.appIndex, request: PageRequest())
        let apps = try store.records(of: appPage, record: keys.app, AppRecord.init(fields:))
        return ConsoleKeysPage(
            page: page, principal: principal, records: records, apps: apps, reveal: reveal, problem: problem
        ).response()
    }

    /// `POST /console/keys`: `POST /v1/api_keys` under the form's one-time idempotency key, so a
    /// form submitted twice mints one key; the plaintext is shown once on the page the 303 leads to.
    /// The expiry is a duration (`expires_in_days`) or a date (`expires_at`, the end of that UTC day).
    static func createKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        var body: JSONObject = [
            "name": .string(form.value("name") ?? ""),
            "scopes": .array(form.values("scopes").map(JSONValue.string)),
            "is_test": .bool(form.isChecked("is_test")),
        ]
        if let days = form.value("duration") {
            guard let count = Int64(days) else {
                return try keysPage(page, reveal: nil, problem: .init(field: "duration", message: "Pick an expiry"))
            }
            body["expires_in_days"] = .integer(count)
        }
        // A chosen date: the key works through that day (UTC); the API checks it, as it checks both
        // being given.
        if let day = form.value("expires_on") { body["expires_at"] = .string(day + "T23:59:59Z") }
        if let app = form.value("app_id") { body["app_id"] = .string(app) }
        guard let idempotencyKey = form.value("idempotency_key") else {
            throw GatehouseError.invalidRequest("The form lacks its idempotency key; reload the page")
        }
        return try act(
            page, ConsoleAPICall(method: "POST", path: "/v1/api_keys", body: body), handler: KeyRoutes.createKey,
            idempotencyKey: idempotencyKey, fallback: "name", next: "/console/keys",
            reveal: { created in
                ConsoleReveal(
                    title: "API key “\(form.value("name") ?? "")” created", secret: created["key"]?.stringValue ?? "",
                    detail: "Key id \(created["id"]?.stringValue ?? ""). Store the key and its id in your secret manager.")
            }, rerender: { try keysPage(page, reveal: nil, problem: $0) })
    }

    /// `POST /console/keys/{id}/rotate`: `POST /v1/api_keys/{id}/rotate` with the chosen grace.
    static func rotateKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        guard let hours = form.value("grace_period_hours").flatMap(Int64.init) else {
            return try keysPage(
                page, reveal: nil,
                problem: .init(field: "grace_period_hours", rowID: id, message: "Pick a grace period", status: 422))
        }
        return try act(
            page,
            ConsoleAPICall(
                method: "POST", path: "/v1/api_keys/\(id)/rotate", body: ["grace_period_hours": .integer(hours)]),
            handler: RotateRoutes.rotateKey, rowID: id, fallback: "grace_period_hours", next: "/console/keys",
            reveal: { rotated in
                let until = rotated["old_key_expires_at"]?.stringValue.map { "The old key works until \($0)." }
                return ConsoleReveal(
                    title: "API key rotated", secret: rotated["key"]?.stringValue ?? "",
                    detail: "New key id \(rotated["id"]?.stringValue ?? ""). " + (until ?? "The old key stopped working."))
            }, rerender: { try keysPage(page, reveal: nil, problem: $0) })
    }

    /// `POST /console/keys/{id}/revoke`: `DELETE /v1/api_keys/{id}` once the box is ticked.
    static func revokeKey(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let id = context.parameters["id"] ?? ""
        let rerender = { (problem: ConsoleProblem) in try keysPage(page, reveal: nil, problem: problem) }
        if let refused = try unconfirmed(form, rowID: id, rerender) { return refused }
        return try act(
            page, ConsoleAPICall(method: "DELETE", path: "/v1/api_keys/\(id)", body: nil), handler: KeyRoutes.revokeKey,
            rowID: id, fallback: "confirm", next: "/console/keys", rerender: rerender)
    }

    // MARK: Primary and secondary keys

    /// `GET /console/slots`.
    static func slots(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        return try page.revealing { reveal in try slotsPage(page, reveal: reveal, problem: nil) }
    }

    static func slotsPage(_ page: ConsolePage, reveal: ConsoleReveal?, problem: ConsoleProblem?) throws -> APIResponse {
        let principal = try page.context.requirePrincipal()
        let store = page.context.store
        let assigned = try store.keySlots(tenant: principal.tenantID)
        let slots = try ["primary", "secondary"].map { name in
            (name: name, record: try assigned[name].flatMap { try store.key(tenant: principal.tenantID, id: $0) })
        }
        return ConsoleSlotsPage(page: page, principal: principal, slots: slots, reveal: reveal, problem: problem)
            .response()
    }

    /// `POST /console/slots/{slot}/regenerate`: `POST /v1/tenants/{tenant}/api_keys/{slot}/regenerate`
    /// once the box is ticked.
    static func regenerateSlot(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let form = try page.checkedForm()
        let principal = try context.requirePrincipal()
        let slot = context.parameters["slot"] ?? ""
        let rerender = { (problem: ConsoleProblem) in try slotsPage(page, reveal: nil, problem: problem) }
        if let refused = try unconfirmed(form, rowID: slot, rerender) { return refused }
        return try act(
            page,
            ConsoleAPICall(
                method: "POST", path: "/v1/tenants/\(principal.tenantID)/api_keys/\(slot)/regenerate", body: nil),
            handler: RotateRoutes.regenerateSlot, parameters: ["tenant": principal.tenantID, "slot": slot],
            rowID: slot, fallback: "confirm", next: "/console/slots",
            reveal: { made in
                ConsoleReveal(
                    title: "New \(slot) key", secret: made["key"]?.stringValue ?? "",
                    detail: "Key id \(made["id"]?.stringValue ?? ""). The previous \(slot) key stopped working; "
                        + "the other slot is untouched.")
            }, rerender: rerender)
    }

    // MARK: Audit log

    /// `GET /console/audit?outcome=&route=&credential=&key_id=&since=&until=&before=`.
    static func audit(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let page = try ConsolePage(request, context)
        let principal = try context.requirePrincipal()
        guard let items = request.queryItems else { throw GatehouseError.invalidRequest("Malformed query string") }
        let filter: ConsoleAuditFilter
        do {
            filter = try ConsoleAuditFilter(items)
        } catch let refusal as GatehouseError {
            return ConsoleAuditPage(
                page: page, principal: principal, filter: try ConsoleAuditFilter([]), records: [], next: nil,
                problem: ConsoleProblem(refusal, fallback: "since")
            ).response()
        }
        let scanned = try AuditLog.readNewest(
            tenant: principal.tenantID, end: filter.rangeEnd, start: filter.rangeStart,
            limit: ConsoleAuditFilter.scanLimit, redis: context.redis)
        var shown: [(id: String, fields: [(String, String)])] = []
        var next: String?
        for record in scanned where filter.matches(record.fields) {
            shown.append(record)
            if shown.count == ConsoleAuditFilter.pageSize {
                next = record.id
                break
            }
        }
        if next == nil, scanned.count == ConsoleAuditFilter.scanLimit { next = scanned.last?.id }
        return ConsoleAuditPage(
            page: page, principal: principal, filter: filter, records: shown, next: next, problem: nil
        ).response()
    }
}

extension ErrorStyle {
    /// The console's: errors are pages, and no session leads to the sign-in page.
    public static let console = ErrorStyle.page(signInPath: "/console/signin")
}
