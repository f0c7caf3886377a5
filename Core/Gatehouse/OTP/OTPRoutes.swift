/// The `otp` function: phone OTP sign-in for tenant users and platform administrators, the session
/// cookie, logout, and the admin-only session route (SPEC §4 otp).
public enum OTPRoutes {
    /// The handlers of the function's operations; ``RouteCatalog`` says where each is served.
    public static let handlers: RouteHandlers = [
        .sendOTP: sendOTP,
        .verifyOTP: verifyOTP,
        .logout: logout,
        .session: session,
        .adminSession: adminSession,
        .adminListTenants: listTenants,
    ]

    /// `POST /v1/auth/send-otp {"phone"}` → `{"status":"sent","expires_in","resend_after"}`, the
    /// same for every number; a code goes out only to a registered one.
    static func sendOTP(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let phone = try phoneNumber(try RequestBody.jsonObject(request), context)
        if let refusal = OTPPolicy.refusal(for: try sendCode(to: phone, request, context)) { throw refusal }
        return .json(200, OTPPolicy.sentBody(context.configuration.otp.limits), headers: ["Cache-Control": "no-store"])
    }

    /// Counts the request against the per-IP limit, stores a new code for a registered number and
    /// leaves its delivery and the audit record for after the answer, which therefore cannot
    /// depend on whether the number is registered. Shared by send-otp and the sign-in page.
    static func sendCode(to phone: String, _ request: APIRequest, _ context: HandlerContext) throws -> OTPSendResult {
        let (secret, sender) = try otpConfiguration(context)
        let limits = context.configuration.otp.limits
        try countRequest(context)
        let code = OTPCode.generate()
        let digest = OTPCode.digest(code: code, phone: phone, serverSecret: secret)
        let result = try OTPStore.send(
            phone: phone, digest: digest, limits: limits, now: context.now, redis: context.redis)
        guard OTPPolicy.refusal(for: result) == nil else { return result }
        // Answer first, deliver after: the answer cannot depend on whether the number is registered.
        var owner: PhoneOwner?
        if case .stored(let stored) = result { owner = stored }
        let delivery = OTPDelivery(
            message: owner.map { _ in OTPMessage(phone: phone, code: code, expiresIn: limits.codeLifetimeSeconds) },
            digest: digest, sender: sender, event: auditEvent(request, context, owner: owner, status: 200),
            logger: context.logger)
        context.afterResponse.add(delivery.run)
        return result
    }

    /// `POST /v1/auth/verify-otp {"phone","code"}` → session cookie and
    /// `{"user","access_token","refresh_token","expires_at"}`.
    static func verifyOTP(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let body = try RequestBody.jsonObject(request)
        let phone = try phoneNumber(body, context)
        guard let code = body["code"]?.stringValue, OTPCode.isWellFormed(code) else {
            throw GatehouseError.validation("code must be a string of 6 digits", field: "code")
        }
        let owner = try checkCode(code, phone: phone, request, context)
        let opened = try openSession(for: owner, phone: phone, request, context)
        let token = try opened.subject.accessToken(
            sessionID: opened.session, clientID: SessionStore.firstPartyClient, configuration: context.configuration,
            now: context.now)
        var headers: HeaderFields = ["Cache-Control": "no-store"]
        headers.add(
            "Set-Cookie",
            SessionCookie.set(
                name: context.configuration.cookieName, value: opened.cookie.text,
                lifetime: context.configuration.sessionLifetime))
        return .json(
            200,
            [
                "user": .object(opened.subject.publicJSON), "access_token": .string(token.token),
                "refresh_token": .string(opened.refreshToken.text), "expires_at": .string(token.expiresAtText),
            ], headers: headers)
    }

    /// `POST /v1/auth/logout`: revokes the cookie's session and its refresh family and clears the
    /// cookie; answers 200 whether or not a session was live.
    static func logout(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        if let cookie = SessionPolicy.cookie(request, name: context.configuration.cookieName) {
            try SessionStore.revoke(cookie, now: context.now, redis: context.redis)
        }
        var headers: HeaderFields = ["Cache-Control": "no-store"]
        headers.add("Set-Cookie", SessionCookie.clear(name: context.configuration.cookieName))
        return .json(200, ["status": "logged_out"], headers: headers)
    }

    /// `GET /v1/auth/session` → `{"user","session"}` for a live session cookie, else 401.
    static func session(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let (session, subject) = try SessionAuthentication.require(request, context)
        return .json(
            200, ["user": .object(subject.publicJSON), "session": .object(session.publicJSON)],
            headers: ["Cache-Control": "no-store"])
    }

    /// `GET /v1/admin/session` → `{"admin","session"}`: platform-administrator sessions only (the
    /// dispatcher answers 401 without a session, 403 for a user's).
    static func adminSession(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let caller = try context.requirePlatformAdmin()
        return .json(
            200, ["admin": .object(caller.admin.publicJSON), "session": .object(caller.session.publicJSON)],
            headers: ["Cache-Control": "no-store"])
    }

    /// `GET /v1/admin/tenants?cursor=&limit=` → `{"data":[{"id","name","created_at"}],"next"}`, newest
    /// first: the tenant directory, for platform-administrator sessions only.
    static func listTenants(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        _ = try context.requirePlatformAdmin()
        let (records, next) = try context.store.tenantPage(try PageRequest.parse(request))
        return PageRequest.page(records.map { .object($0.publicJSON) }, next: next)
    }

    // MARK: Shared

    /// Counts the request against the per-IP limit and checks a well-formed code: the number's
    /// owner when it is right (the code is spent); the refusal otherwise, its record left for
    /// after the answer. Shared by verify-otp and the sign-in page.
    static func checkCode(
        _ code: String, phone: String, _ request: APIRequest, _ context: HandlerContext
    ) throws -> PhoneOwner {
        let (secret, _) = try otpConfiguration(context)
        try countRequest(context)
        let digest = OTPCode.digest(code: code, phone: phone, serverSecret: secret)
        let result = try OTPStore.verify(
            phone: phone, digest: digest, limits: context.configuration.otp.limits, now: context.now,
            redis: context.redis)
        guard case .verified(let owner) = result else {
            let refusal = OTPPolicy.refusal(for: result) ?? .authentication(OTPPolicy.failedMessage)
            recordAfterResponse(
                auditEvent(request, context, owner: nil, status: refusal.status), context, ownerOf: phone)
            throw refusal
        }
        return owner
    }

    /// Opens the session of a verified owner and records the sign-in; 403 `user_disabled` when the
    /// owner's record is not active (or no longer holds the number).
    static func openSession(
        for owner: PhoneOwner, phone: String, _ request: APIRequest, _ context: HandlerContext
    ) throws -> SessionStore.Opened {
        guard
            let opened = try SessionStore.open(
                for: owner, phone: phone, lifetimeSeconds: context.configuration.sessionLifetime, now: context.now,
                redis: context.redis)
        else {
            recordAfterResponse(auditEvent(request, context, owner: owner, status: 403), context)
            throw GatehouseError.forbidden("The account is disabled", reason: "user_disabled")
        }
        var event = auditEvent(request, context, owner: owner, status: 200)
        event.keyID = opened.session
        recordAfterResponse(event, context)
        var logger = context.logger
        logger[metadataKey: "session"] = .string(opened.session)
        logger.info(
            "otp sign-in", metadata: ["subject": .string(owner.id), "admin": .stringConvertible(owner.isAdmin)])
        return opened
    }

    /// The audit record of an OTP request: the owner of the number when known (a send to an
    /// unknown number and a failed verification go to the stream of unattributed records).
    static func auditEvent(_ request: APIRequest, _ context: HandlerContext, owner: PhoneOwner?, status: Int) -> AuditEvent
    {
        var event = AuditEvent(request: request, context: context, credentialType: "otp")
        event.status = status
        if let owner { attribute(&event, to: owner) }
        event.outcome =
            status < 400 ? .success : owner == nil || status == 401 ? .authenticationFailed : .denied
        return event
    }

    /// Puts a record in the stream of a number's owner (a tenant, or the platform for an
    /// administrator), naming the owner as its subject.
    static func attribute(_ event: inout AuditEvent, to owner: PhoneOwner) {
        event.tenant = owner.keys.tenant
        event.subject = owner.id
        event.subjectType = owner.isAdmin ? "platform_admin" : "user"
    }

    /// Appends a record once the response is out: the OTP scripts run in the number's hash slot,
    /// not the tenant's, so they cannot append it themselves, and the answer does not wait for it.
    /// With `ownerOf`, the record goes to the tenant of that number's owner (a failed verification
    /// of a registered number is the tenant's business), looked up then too.
    static func recordAfterResponse(_ event: AuditEvent, _ context: HandlerContext, ownerOf phone: String? = nil) {
        let logger = context.logger
        context.afterResponse.add { redis in
            var event = event
            if let phone, let owner = try? TenantStore(redis: redis).phoneOwner(phone) { attribute(&event, to: owner) }
            AuditLog.append(event, redis: redis, logger: logger)
        }
    }

    /// The body's `phone`, normalised to E.164 (422 when it cannot be).
    static func phoneNumber(_ body: JSONObject, _ context: HandlerContext) throws -> String {
        guard let text = body["phone"]?.stringValue else {
            throw GatehouseError.validation("phone must be a phone number, e.g. +15551234567", field: "phone")
        }
        return try PhoneNumber.requestField(text, defaultCountryCode: context.configuration.otp.defaultCountryCode)
    }

    /// The server secret and the sender; a process without them is misconfigured (the otp
    /// function refuses to start without them, the local server answers 500 here).
    static func otpConfiguration(_ context: HandlerContext) throws -> ([UInt8], OTPSenderConfiguration) {
        guard let secret = context.configuration.serverSecret, let sender = context.configuration.otp.sender else {
            context.logger.critical(
                "otp is not configured: GATEHOUSE_SERVER_SECRET and GATEHOUSE_OTP_SENDER are required")
            throw GatehouseError.internal
        }
        return (secret, sender)
    }

    /// Counts the request against the per-IP limit of the OTP routes (30 a minute).
    static func countRequest(_ context: HandlerContext) throws {
        let rule = context.configuration.otp.limits.ipRule
        let decision = try RateLimiter.check(
            rule, key: OTPPolicy.ipKey(context.clientAddress), client: context.redis, nowMilliseconds: context.now)
        guard decision.allowed else {
            throw GatehouseError.rateLimited(
                retryAfter: decision.retryAfterSeconds ?? decision.resetSeconds, headers: decision.headers)
        }
    }
}
