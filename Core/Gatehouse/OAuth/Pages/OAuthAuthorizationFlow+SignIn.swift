extension OAuthAuthorizationFlow {
    /// The phone form's POST: sends a code as `/v1/auth/send-otp` does (its limits, the answer
    /// never depending on whether the number is registered), seals the number in a cookie and
    /// goes back to the request, which now shows the code form.
    func sendCode(_ authorization: OAuthAuthorizationRequest, typed: String?) throws -> Response {
        let limits = context.configuration.otp.limits
        guard let typed,
            let phone = PhoneNumber.normalize(typed, defaultCountryCode: context.configuration.otp.defaultCountryCode)
        else {
            return OAuthPages.phone(
                form(authorization), client: authorization.client,
                problem: "Enter a phone number, for example +1 555 123 4567.", status: 400)
        }
        let result: OTPSendResult
        do {
            result = try OTPRoutes.sendCode(to: phone, request, context)
        } catch let refusal as GatehouseError where refusal.status == 429 {
            return OAuthPages.phone(
                form(authorization), client: authorization.client,
                problem: "Too many attempts from your network. Wait a minute and try again.", status: 429)
        }
        switch result {
        case .locked:
            return OAuthPages.phone(
                form(authorization), client: authorization.client,
                problem: "Too many wrong codes: sign-in by code is locked for this number for a while.", status: 429)
        case .hourlyLimit:
            return OAuthPages.phone(
                form(authorization), client: authorization.client,
                problem: "Too many codes were sent to this number in the last hour. Try again later.", status: 429)
        case .cooldown, .unknownPhone, .stored:
            // A code sent under a minute ago is still the one to enter.
            let pending = OAuthPendingSignIn(
                phone: phone, expiresAt: context.now + Int64(limits.codeLifetimeSeconds) * 1000)
            let sealed = try pending.sealed(key: keys.seal, binding: csrfCookie)
            return backToRequest(
                authorization,
                cookies: [OAuthPendingSignIn.setCookie(sealed, lifetimeSeconds: limits.codeLifetimeSeconds)])
        }
    }

    /// The code form's POST: checks the code as `/v1/auth/verify-otp` does (its limits), opens a
    /// normal session with the normal session cookie and goes back to the request, which now
    /// shows consent.
    func checkCode(_ authorization: OAuthAuthorizationRequest, typed: String?) throws -> Response {
        guard let pending = pendingSignIn() else {
            return OAuthPages.phone(
                form(authorization), client: authorization.client,
                problem: "Your sign-in expired. Enter your number again.", status: 400)
        }
        let code = (typed ?? "").filter { $0 != " " }
        guard OTPCode.isWellFormed(code) else {
            return codeForm(authorization, problem: "Enter the 6 digits of the code.", status: 400)
        }
        let owner: PhoneOwner
        do {
            owner = try OTPRoutes.checkCode(code, phone: pending.phone, request, context)
        } catch let refusal as GatehouseError where refusal.status == 401 || refusal.status == 429 {
            let problem =
                refusal.status == 401
                ? "That code is not right, or it has expired."
                : "Too many attempts. Wait a while, then ask for a new code."
            return codeForm(authorization, problem: problem, status: refusal.status)
        }
        guard !owner.isAdmin else {
            throw GatehouseError.forbidden(
                "Platform administrators cannot give apps access. Sign in with a workspace account.",
                reason: "admin_refused")
        }
        let opened = try OTPRoutes.openSession(for: owner, phone: pending.phone, request, context)
        let session = SessionCookie.set(
            name: context.configuration.cookieName, value: opened.cookie.text,
            lifetime: context.configuration.sessionLifetime)
        return backToRequest(authorization, cookies: [session, OAuthPendingSignIn.clearCookie()])
    }

    func codeForm(_ authorization: OAuthAuthorizationRequest, problem: String, status: Int) -> Response {
        OAuthPages.code(form(authorization), problem: problem, lifetimeMinutes: codeLifetimeMinutes, status: status)
    }
}
