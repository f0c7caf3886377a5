/// `GET /oauth/authorize` and the form POSTs of its pages (function `oauth`): the authorization
/// request checked, sign-in by phone OTP, consent, and the redirect with `code`, `state`, `iss`.
enum OAuthAuthorizeRoutes {
    /// `GET /oauth/authorize`: the page the request leads to, or a redirect to the client.
    static func authorize(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let flow = try OAuthAuthorizationFlow(request, context)
        return try flow.answer { try flow.show() }
    }

    /// `POST /oauth/authorize`: a form of the pages, always answered with a page or a 303.
    static func submit(_ request: APIRequest, _ context: HandlerContext) throws -> APIResponse {
        let flow = try OAuthAuthorizationFlow(request, context)
        return try flow.answer { try flow.submit() }
    }
}
