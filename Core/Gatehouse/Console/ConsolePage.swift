/// One request to a console page or form: the browser's CSRF cookie, the page keys, the forms'
/// CSRF field, the console's frame (navigation, sign-out) and the headers every answer carries.
struct ConsolePage {
    let visit: PageVisit

    /// The page of one request; 500 in a process without a server secret.
    init(_ request: APIRequest, _ context: HandlerContext) throws { visit = try PageVisit(request, context) }

    var request: APIRequest { visit.request }
    var context: HandlerContext { visit.context }
    var keys: OAuthPageKeys { visit.keys }
    var csrfCookie: String { visit.csrfCookie }

    /// The sections of the navigation.
    enum Section: String, CaseIterable {
        case keys, slots, agents, users
        case oauthClients = "oauth-clients"
        case audit

        var title: String {
            switch self {
            case .keys: "API keys"
            case .slots: "Primary & secondary"
            case .agents: "Agents"
            case .users: "Users"
            case .oauthClients: "OAuth apps"
            case .audit: "Audit log"
            }
        }

        var path: String { "/console/" + rawValue }

        /// The scope that shows the section.
        var scope: Scope {
            switch self {
            case .keys, .slots, .oauthClients: Scope("keys:read")!
            case .agents: Scope("agents:read")!
            case .users: Scope("users:read")!
            case .audit: Scope("audit:read")!
            }
        }
    }

    // MARK: Forms

    /// The fields of a POSTed form, after its CSRF token was checked: a form without the token of
    /// this browser's cookie is refused (403) before anything is read or written.
    func checkedForm() throws -> ConsoleForm {
        let form = ConsoleForm(try RequestBody.form(request))
        let token = form.value(OAuthCSRF.fieldName)
        guard visit.isValid(csrfToken: token) else {
            context.logger.notice("console form refused: CSRF token missing or wrong")
            throw GatehouseError.forbidden(
                "This form has expired or did not come from the console. Reload the page and try again.",
                reason: "csrf")
        }
        return form
    }

    /// A form posting to `action`, carrying this browser's CSRF token.
    func form(_ action: String, _ content: String, attributes: String = "") -> String {
        "<form method=\"post\" action=\"\(HTMLText.escape(action))\"\(attributes)>"
            + "<input type=\"hidden\" name=\"\(OAuthCSRF.fieldName)\" "
            + "value=\"\(visit.csrfToken)\">" + content + "</form>"
    }

    // MARK: Answers

    /// A page of the signed-in console: the navigation of what `principal` may see, then `content`.
    func page(
        _ section: Section, principal: Principal, status: Int = 200, content: String
    ) -> APIResponse {
        let links = Section.allCases.filter { principal.effectiveScopes.allows($0.scope) }.map { link in
            (path: link.path, title: link.title, current: link == section)
        }
        return framed(
            title: section.title, links: links, signedIn: principal.subject + " · " + principal.tenantID,
            status: status, content: content)
    }

    /// A page of a platform administrator's console: the tenants, and nothing of any tenant's.
    func adminPage(_ admin: PlatformAdminCaller, status: Int = 200, content: String) -> APIResponse {
        framed(
            title: "Tenants", links: [(path: "/console/tenants", title: "Tenants", current: true)],
            signedIn: admin.admin.id + " · platform administrator", status: status, content: content)
    }

    /// The console's frame: the navigation (`links`, who is signed in, sign-out), then `content`.
    /// Every page may carry ``ConsoleCopyButton``'s script, which its CSP allows by hash.
    private func framed(
        title: String, links: [(path: String, title: String, current: Bool)], signedIn: String, status: Int,
        content: String
    ) -> APIResponse {
        let anchors = links.map { link in
            "<a href=\"\(link.path)\"\(link.current ? " aria-current=\"page\"" : "")>\(link.title)</a>"
        }
        let nav =
            "<nav aria-label=\"Console\">" + anchors.joined()
            + "<span class=\"muted\">\(HTMLText.escape(signedIn))</span>"
            + form("/console/logout", "<button type=\"submit\" class=\"secondary small\">Sign out</button>") + "</nav>"
        return answer(
            HTMLPage.page(
                status: status, title: title, content: nav + content, wide: true,
                scriptHash: ConsoleCopyButton.hashSource))
    }

    /// A table of `rows` (cells by column), each cell labelled with its column for narrow screens.
    static func table(_ columns: [String], rows: [[String]]) -> String {
        "<table><thead><tr>" + columns.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { cells in
                "<tr>" + zip(columns, cells).map { "<td data-label=\"\($0)\">\($1)</td>" }.joined() + "</tr>"
            }.joined() + "</tbody></table>"
    }

    /// A 303 to `location` (after every POST), with cookies.
    func seeOther(_ location: String, cookies: [String] = []) -> APIResponse {
        var response = APIResponse(status: 303, headers: ["Location": location])
        for cookie in cookies { response.headers.add("Set-Cookie", cookie) }
        return answer(response)
    }

    /// Any answer with the pages' security headers, and the CSRF cookie when it is new.
    func answer(_ response: APIResponse) -> APIResponse {
        var response = response
        for field in HTMLPage.securityHeaders(formTarget: nil) where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        if visit.csrfCookieIsNew { response.headers.add("Set-Cookie", OAuthCSRF.setCookie(csrfCookie)) }
        return response
    }
}
