/// One request to the authorization endpoint, the first GET or one of the pages' form POSTs, and
/// the page or 303 it is answered with (OAUTH.md "Authorization endpoint and pages").
///
/// A valid request shows, in turn: the phone form (no session), the code form (a code was sent;
/// the number waits sealed in a cookie, ``OAuthPendingSignIn``), then consent for the signed-in
/// user, or straight the client's redirect when a remembered consent covers the request. Every
/// POST carries the request's parameters (parsed again) and a CSRF token (checked first).
struct OAuthAuthorizationFlow {
    let visit: PageVisit

    /// The flow of one request; 500 in a process without a server secret.
    init(_ request: APIRequest, _ context: HandlerContext) throws { visit = try PageVisit(request, context) }

    var request: APIRequest { visit.request }
    var context: HandlerContext { visit.context }

    // MARK: Entry points

    /// `GET /oauth/authorize`: checks the request, then shows what comes next.
    func show() throws -> APIResponse {
        guard let items = request.queryItems else {
            throw OAuthAuthorizationError.page("The request's query string is malformed")
        }
        return try next(try parse(items))
    }

    /// `POST /oauth/authorize`: one step of a page, after its CSRF token and the request's
    /// parameters are checked again.
    func submit() throws -> APIResponse {
        let form = try RequestBody.form(request)
        guard visit.isValid(csrfToken: try OAuthRoutes.single(OAuthCSRF.fieldName, in: form)) else {
            context.logger.notice("authorization form refused: CSRF token missing or wrong")
            return errorPage(
                403, "This form has expired",
                "The form did not come from this page, or it is too old. Go back to the app and sign in again.")
        }
        let authorization = try parse(form)
        let field = { (name: String) in try OAuthRoutes.single(name, in: form) }
        switch try field("step") {
        case "phone": return try sendCode(authorization, typed: try field("phone"))
        case "code": return try checkCode(authorization, typed: try field("code"))
        case "restart": return backToRequest(authorization, cookies: [OAuthPendingSignIn.clearCookie()])
        case "consent": return try decide(authorization, decision: try field("decision"))
        default: throw OAuthAuthorizationError.page("This form is not one of this server's")
        }
    }

    /// The answer of `step`: its refusals become the error page or a redirect to the client, and
    /// every answer carries the endpoint's headers (and the CSRF cookie when it is new).
    func answer(_ step: () throws -> APIResponse) throws -> APIResponse {
        var response: APIResponse
        do {
            response = try step()
        } catch let refusal as OAuthAuthorizationError {
            response = refused(refusal)
        } catch let error as GatehouseError {
            response = errorPage(error.status, "Something went wrong", error.message)
            for field in error.headers { response.headers.set(field.name, field.value) }
        } catch let error as RedisError where error.isUnavailable {
            context.logger.error(
                "store failure",
                metadata: ["error": .string(error.description), "error_class": .string(error.errorClass)])
            response = errorPage(503, "Temporarily unavailable", "Sign-in is unavailable for a moment. Try again soon.")
            response.headers.set("Retry-After", "5")
        }
        for field in OAuthPages.securityHeaders(formTarget: nil) where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        if visit.csrfCookieIsNew { response.headers.add("Set-Cookie", OAuthCSRF.setCookie(visit.csrfCookie)) }
        return response
    }

    // MARK: Steps

    /// The request's parameters, checked; the client is looked up by ``OAuthClientStore``.
    func parse(_ items: [(name: String, value: String)]) throws -> OAuthAuthorizationRequest {
        let context = self.context
        return try OAuthAuthorizationRequest.parse(
            items, client: { try OAuthClientStore.client($0, context: context) },
            knownResource: context.configuration.knownResource)
    }

    /// What a valid request shows: consent (or the redirect) for a signed-in user, the code form
    /// while a sign-in is pending, else the phone form.
    func next(_ authorization: OAuthAuthorizationRequest) throws -> APIResponse {
        if let user = try signedInUser() { return try consentOrCode(authorization, user: user) }
        if pendingSignIn() != nil {
            return OAuthPages.code(form(authorization), lifetimeMinutes: codeLifetimeMinutes)
        }
        return OAuthPages.phone(form(authorization), client: authorization.client)
    }

    /// The user of the request's live session; nil without one. Platform administrators are
    /// refused: they never act through third-party apps.
    func signedInUser() throws -> UserRecord? {
        guard let cookie = SessionPolicy.cookie(request, name: context.configuration.cookieName),
            let (_, subject) = try SessionStore.resolve(cookie, now: context.now, redis: context.redis)
        else { return nil }
        guard case .user(let user) = subject else {
            throw GatehouseError.forbidden(
                "Platform administrators cannot give apps access. Sign in with a workspace account.",
                reason: "admin_refused")
        }
        return user
    }

    /// The number waiting for its code, if the browser's sealed cookie opens and is current.
    func pendingSignIn() -> OAuthPendingSignIn? { phoneSignIn.pending }

    /// A 303 back to the authorization request (a GET of the same endpoint), with cookies.
    func backToRequest(_ authorization: OAuthAuthorizationRequest, cookies: [String] = []) -> APIResponse {
        var response = APIResponse(
            status: 303,
            headers: [
                "Location": "authorize?"
                    + FormURLEncoded.encode(
                        authorization.parameters.map {
                            ($0.name, $0.value)
                        })
            ])
        for cookie in cookies { response.headers.add("Set-Cookie", cookie) }
        return response
    }

    /// A refusal as the error page or a 303 to the client.
    func refused(_ refusal: OAuthAuthorizationError) -> APIResponse {
        guard let location = refusal.location(issuer: context.configuration.issuer) else {
            return errorPage(400, "This sign-in link is not valid", refusal.description)
        }
        context.logger.info("authorization refused", metadata: ["error": .string(refusal.code)])
        return APIResponse(status: 303, headers: ["Location": location])
    }

    /// The error page.
    func errorPage(_ status: Int, _ title: String, _ message: String) -> APIResponse {
        OAuthPages.error(status: status, title: title, message: message, requestID: context.requestID)
    }

    /// The forms' common fields for this request.
    func form(_ authorization: OAuthAuthorizationRequest) -> OAuthPages.Form {
        OAuthPages.Form(
            parameters: authorization.parameters, csrfToken: visit.csrfToken,
            formTarget: OAuthPages.formTarget(authorization.redirectURI))
    }

    var codeLifetimeMinutes: Int { phoneSignIn.codeLifetimeMinutes }
}
