extension OAuthAuthorizationFlow {
    /// The sign-in steps of these pages (``PhoneSignIn``).
    var phoneSignIn: PhoneSignIn {
        PhoneSignIn(
            visit: visit, adminRefusal: "Platform administrators cannot give apps access. Sign in with a workspace account.")
    }

    /// The phone form's POST: a code is sent, the number sealed in a cookie, and the browser goes
    /// back to the request, which now shows the code form.
    func sendCode(_ authorization: OAuthAuthorizationRequest, typed: String?) throws -> APIResponse {
        signInAnswer(authorization, try phoneSignIn.sendCode(typed: typed))
    }

    /// The code form's POST: the code is checked, a normal session opened with the normal session
    /// cookie, and the browser goes back to the request, which now shows consent.
    func checkCode(_ authorization: OAuthAuthorizationRequest, typed: String?) throws -> APIResponse {
        signInAnswer(authorization, try phoneSignIn.checkCode(typed: typed))
    }

    func signInAnswer(_ authorization: OAuthAuthorizationRequest, _ outcome: PhoneSignIn.Outcome) -> APIResponse {
        switch outcome {
        case .next(let cookies):
            return backToRequest(authorization, cookies: cookies)
        case .phoneProblem(let problem, let status):
            return OAuthPages.phone(form(authorization), client: authorization.client, problem: problem, status: status)
        case .codeProblem(let problem, let status):
            return OAuthPages.code(
                form(authorization), problem: problem, lifetimeMinutes: codeLifetimeMinutes, status: status)
        }
    }
}
