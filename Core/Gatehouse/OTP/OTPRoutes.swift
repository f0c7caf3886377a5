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
    ]

    /// `POST /v1/auth/send-otp {"phone"}` → `{"status":"sent","expires_in","resend_after"}`, the
    /// same for every number; a code goes out only to a registered one.
    static func sendOTP(_ request: Request, _ context: RequestContext) throws -> Response {
        let phone = try phoneNumber(try RequestBody.jsonObject(request), context)
        let (secret, sender) = try otpConfiguration(context)
        let limits = context.configuration.otp.limits
        try countRequest(context)
        let code = OTPCode.generate()
        let digest = OTPCode.digest(code: code, phone: phone, serverSecret: secret)
        let result = try OTPStore.send(
            phone: phone, digest: digest, limits: limits, now: context.now, redis: context.redis)
        if let refusal = OTPPolicy.refusal(for: result) { throw refusal }
        if case .stored = result {
            do {
                try OTPSender(sender).deliver(
                    OTPMessage(phone: phone, code: code, expiresIn: limits.codeLifetimeSeconds), now: context.now,
                    logger: context.logger)
            } catch {
                try OTPStore.discard(phone: phone, digest: digest, redis: context.redis)
                context.logger.error("otp delivery failed", metadata: ["sender": .string(sender.name)])
                throw GatehouseError.deliveryFailed("The code could not be delivered; try again")
            }
        }
        return .json(200, OTPPolicy.sentBody(limits), headers: ["Cache-Control": "no-store"])
    }

    /// `POST /v1/auth/verify-otp {"phone","code"}` → session cookie and
    /// `{"user","access_token","refresh_token","expires_at"}`.
    static func verifyOTP(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try RequestBody.jsonObject(request)
        let phone = try phoneNumber(body, context)
        guard let code = body["code"]?.stringValue, OTPCode.isWellFormed(code) else {
            throw GatehouseError.validation("code must be a string of 6 digits", field: "code")
        }
        let (secret, _) = try otpConfiguration(context)
        try countRequest(context)
        let digest = OTPCode.digest(code: code, phone: phone, serverSecret: secret)
        let result = try OTPStore.verify(
            phone: phone, digest: digest, limits: context.configuration.otp.limits, now: context.now,
            redis: context.redis)
        if let refusal = OTPPolicy.refusal(for: result) { throw refusal }
        guard case .verified(let owner) = result else { throw GatehouseError.authentication(OTPPolicy.failedMessage) }
        guard
            let opened = try SessionStore.open(
                for: owner, phone: phone, lifetimeSeconds: context.configuration.sessionLifetime, now: context.now,
                redis: context.redis)
        else { throw GatehouseError.forbidden("The account is disabled", reason: "user_disabled") }
        let token = try opened.subject.accessToken(
            sessionID: opened.session, clientID: SessionStore.firstPartyClient, configuration: context.configuration,
            now: context.now)
        var logger = context.logger
        logger[metadataKey: "session"] = .string(opened.session)
        logger.info(
            "otp sign-in", metadata: ["subject": .string(owner.id), "admin": .stringConvertible(owner.isAdmin)])
        var headers: HTTPHeaders = ["Cache-Control": "no-store"]
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
    static func logout(_ request: Request, _ context: RequestContext) throws -> Response {
        if let cookie = SessionPolicy.cookie(request, name: context.configuration.cookieName) {
            try SessionStore.revoke(cookie, now: context.now, redis: context.redis)
        }
        var headers: HTTPHeaders = ["Cache-Control": "no-store"]
        headers.add("Set-Cookie", SessionCookie.clear(name: context.configuration.cookieName))
        return .json(200, ["status": "logged_out"], headers: headers)
    }

    /// `GET /v1/auth/session` → `{"user","session"}` for a live session cookie, else 401.
    static func session(_ request: Request, _ context: RequestContext) throws -> Response {
        let (session, subject) = try SessionAuthentication.require(request, context)
        return .json(
            200, ["user": .object(subject.publicJSON), "session": .object(session.publicJSON)],
            headers: ["Cache-Control": "no-store"])
    }

    /// `GET /v1/admin/session` → `{"admin","session"}`: platform-administrator sessions only (401
    /// without a session, 403 for a user's).
    static func adminSession(_ request: Request, _ context: RequestContext) throws -> Response {
        let (session, admin) = try SessionAuthentication.requireAdmin(request, context)
        return .json(
            200, ["admin": .object(admin.publicJSON), "session": .object(session.publicJSON)],
            headers: ["Cache-Control": "no-store"])
    }

    // MARK: Shared

    /// The body's `phone`, normalised to E.164 (422 when it cannot be).
    static func phoneNumber(_ body: JSONObject, _ context: RequestContext) throws -> String {
        guard let text = body["phone"]?.stringValue,
            let phone = PhoneNumber.normalize(text, defaultCountryCode: context.configuration.otp.defaultCountryCode)
        else { throw GatehouseError.validation("phone must be a phone number, e.g. +15551234567", field: "phone") }
        return phone
    }

    /// The server secret and the sender; a process without them is misconfigured (the otp
    /// function refuses to start without them, the local server answers 500 here).
    static func otpConfiguration(_ context: RequestContext) throws -> ([UInt8], OTPSenderConfiguration) {
        guard let secret = context.configuration.serverSecret, let sender = context.configuration.otp.sender else {
            context.logger.critical(
                "otp is not configured: GATEHOUSE_SERVER_SECRET and GATEHOUSE_OTP_SENDER are required")
            throw GatehouseError.internal
        }
        return (secret, sender)
    }

    /// Counts the request against the per-IP limit of the OTP routes (30 a minute).
    static func countRequest(_ context: RequestContext) throws {
        let rule = context.configuration.otp.limits.ipRule
        let decision = try RateLimiter.check(
            rule, key: OTPPolicy.ipKey(context.clientAddress), client: context.redis, nowMilliseconds: context.now)
        guard decision.allowed else {
            throw GatehouseError.rateLimited(
                retryAfter: decision.retryAfterSeconds ?? decision.resetSeconds, headers: decision.headers)
        }
    }
}
