/// Signing in by phone OTP on an HTML page, the two steps the authorization pages and the console
/// share: the phone form sends a code as `/v1/auth/send-otp` does (its limits; the answer never
/// depends on whether the number is registered) and seals the number in a cookie
/// (``OAuthPendingSignIn``); the code form checks it as `/v1/auth/verify-otp` does and opens a
/// normal session with the normal session cookie. Platform administrators are refused where
/// ``adminRefusal`` says so (the authorization pages); the console admits them.
struct PhoneSignIn {
    /// The page's request; the pending sign-in is bound to its CSRF cookie.
    let visit: PageVisit
    /// What a platform administrator is told where they may not sign in; nil where they may.
    let adminRefusal: String?

    /// What a step leads to.
    enum Outcome: Equatable {
        /// Done: the page's next step, with these `Set-Cookie` values.
        case next(cookies: [String])
        /// The phone form again with this problem.
        case phoneProblem(String, status: Int)
        /// The code form again with this problem.
        case codeProblem(String, status: Int)
    }

    /// The number waiting for its code, if the browser's sealed cookie opens and is current.
    var pending: OAuthPendingSignIn? {
        visit.request.cookie(named: OAuthPendingSignIn.cookieName).flatMap {
            OAuthPendingSignIn.open($0, key: visit.keys.seal, binding: visit.csrfCookie, now: visit.context.now)
        }
    }

    var codeLifetimeMinutes: Int { max(1, visit.context.configuration.otp.limits.codeLifetimeSeconds / 60) }

    /// The phone form's POST.
    func sendCode(typed: String?) throws -> Outcome {
        let (request, context) = (visit.request, visit.context)
        let limits = context.configuration.otp.limits
        guard let typed,
            let phone = PhoneNumber.normalize(typed, defaultCountryCode: context.configuration.otp.defaultCountryCode)
        else { return .phoneProblem("Enter a phone number, for example +1 555 123 4567.", status: 400) }
        let result: OTPSendResult
        do {
            result = try OTPRoutes.sendCode(to: phone, request, context)
        } catch let refusal as GatehouseError where refusal.status == 429 {
            return .phoneProblem("Too many attempts from your network. Wait a minute and try again.", status: 429)
        }
        switch result {
        case .locked:
            return .phoneProblem(
                "Too many wrong codes: sign-in by code is locked for this number for a while.", status: 429)
        case .hourlyLimit:
            return .phoneProblem(
                "Too many codes were sent to this number in the last hour. Try again later.", status: 429)
        case .cooldown, .unknownPhone, .stored:
            // A code sent under a minute ago is still the one to enter.
            let pending = OAuthPendingSignIn(
                phone: phone, expiresAt: context.now + Int64(limits.codeLifetimeSeconds) * 1000)
            let sealed = try pending.sealed(key: visit.keys.seal, binding: visit.csrfCookie)
            return .next(cookies: [OAuthPendingSignIn.setCookie(sealed, lifetimeSeconds: limits.codeLifetimeSeconds)])
        }
    }

    /// The code form's POST: on success the session cookie is set and the pending sign-in cleared.
    func checkCode(typed: String?) throws -> Outcome {
        let (request, context) = (visit.request, visit.context)
        guard let pending else { return .phoneProblem("Your sign-in expired. Enter your number again.", status: 400) }
        let code = (typed ?? "").filter { $0 != " " }
        guard OTPCode.isWellFormed(code) else { return .codeProblem("Enter the 6 digits of the code.", status: 400) }
        let owner: PhoneOwner
        do {
            owner = try OTPRoutes.checkCode(code, phone: pending.phone, request, context)
        } catch let refusal as GatehouseError where refusal.status == 401 || refusal.status == 429 {
            let problem =
                refusal.status == 401
                ? "That code is not right, or it has expired."
                : "Too many attempts. Wait a while, then ask for a new code."
            return .codeProblem(problem, status: refusal.status)
        }
        if owner.isAdmin, let adminRefusal {
            throw GatehouseError.forbidden(adminRefusal, reason: "admin_refused")
        }
        let opened = try OTPRoutes.openSession(for: owner, phone: pending.phone, request, context)
        let session = SessionCookie.set(
            name: context.configuration.cookieName, value: opened.cookie.text,
            lifetime: context.configuration.sessionLifetime)
        return .next(cookies: [session, OAuthPendingSignIn.clearCookie()])
    }
}
