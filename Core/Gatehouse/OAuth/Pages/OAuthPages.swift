/// The HTML of the authorization pages (OAUTH.md "Authorization endpoint and pages"): sign-in by
/// phone, the code form, consent and the error page. Plain forms that work without JavaScript,
/// one inline stylesheet, no external asset; every page is sent with the headers of
/// ``securityHeaders(formTarget:)``.
enum OAuthPages {
    /// What every form of a page carries: the authorization request's parameters and the CSRF
    /// token, re-checked on the POST.
    struct Form {
        let parameters: [(name: String, value: String)]
        let csrfToken: String
        /// The redirect URI's origin as a CSP source (``OAuthPages/formTarget(_:)``).
        let formTarget: String?

        /// The hidden fields of a form for `step`.
        func hiddenFields(step: String) -> String {
            (parameters + [(OAuthCSRF.fieldName, csrfToken), ("step", step)]).map { field in
                "<input type=\"hidden\" name=\"\(HTMLText.escape(field.name))\" value=\"\(HTMLText.escape(field.value))\">"
            }.joined()
        }

        /// A form posting to the authorization endpoint.
        func form(step: String, _ content: String) -> String {
            "<form method=\"post\" action=\"authorize\">" + hiddenFields(step: step) + content + "</form>"
        }
    }

    /// The phone form: the first step of signing in.
    static func phone(_ form: Form, client: OAuthClient, problem: String? = nil, status: Int = 200) -> APIResponse {
        let name = HTMLText.escape(client.name)
        let content =
            "<h1>Sign in to continue to \(name)</h1>"
            + "<p class=\"muted\">\(name) asks to use your account. We will text you a one-time code.</p>"
            + problemParagraph(problem, id: "phone-problem")
            + form.form(
                step: "phone",
                PhoneSignInFields.phone(problem: problem) + "<button type=\"submit\">Send code</button>")
        return page(status: status, title: "Sign in", content: content, formTarget: form.formTarget)
    }

    /// The code form: the second step, after a code was sent (to the number, if it has an account).
    static func code(
        _ form: Form, notice: String? = nil, problem: String? = nil, lifetimeMinutes: Int, status: Int = 200
    ) -> APIResponse {
        let content =
            PhoneSignInFields.codeIntroduction(lifetimeMinutes: lifetimeMinutes)
            + (notice.map { "<p class=\"notice\" role=\"status\">\(HTMLText.escape($0))</p>" } ?? "")
            + problemParagraph(problem, id: "code-problem")
            + form.form(
                step: "code",
                PhoneSignInFields.code(problem: problem) + "<button type=\"submit\">Continue</button>")
            + form.form(
                step: "restart", "<p><button type=\"submit\" class=\"link\">Use a different number</button></p>")
        return page(status: status, title: "Enter your code", content: content, formTarget: form.formTarget)
    }

    /// What the consent page says about a request.
    struct Consent {
        let client: OAuthClient
        let user: UserRecord
        let tenantName: String
        let redirectHost: String
        let scopes: ScopeSet
        let resource: OAuthResource?
    }

    /// The consent page: who asks, where the answer goes, what it may do; allow or deny.
    static func consent(_ form: Form, _ consent: Consent) -> APIResponse {
        let name = HTMLText.escape(consent.client.name)
        let unverified = consent.client.isSelfRegistered
        var details = [
            ("Signed in as", consent.user.id), ("Workspace", consent.tenantName),
            ("Returns to", consent.redirectHost),
        ]
        if let resource = consent.resource { details.append(("For", resource.uri)) }
        let scopes = consent.scopes.scopes.map { scope in
            "<li>\(HTMLText.escape(ScopeWording.words(scope)))<small>\(HTMLText.escape(scope.description))</small></li>"
        }
        let content =
            "<h1>\(name) wants access to your account"
            + (unverified ? " <span class=\"badge\">Unverified</span>" : "") + "</h1>"
            + (unverified
                ? "<p class=\"notice\">This app registered itself: nobody has checked who runs it. "
                    + "Allow it only if you started this sign-in and trust it.</p>"
                : "")
            + "<dl>" + details.map { "<dt>\($0.0)</dt><dd>\(HTMLText.escape($0.1))</dd>" }.joined() + "</dl>"
            + "<p><strong>\(name) will be able to:</strong></p><ul>" + scopes.joined() + "</ul>"
            + form.form(
                step: "consent",
                "<div class=\"actions\">"
                    + "<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>"
                    + "<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button></div>")
        return page(
            status: 200, title: "Allow \(consent.client.name)?", content: content, formTarget: form.formTarget)
    }

    /// The error page: nothing to do but go back to the app.
    static func error(status: Int, title: String, message: String, requestID: String) -> APIResponse {
        let content =
            "<h1>\(HTMLText.escape(title))</h1><p>\(HTMLText.escape(message))</p>"
            + "<p class=\"muted\">You can close this window and return to the app. "
            + "Reference: \(HTMLText.escape(requestID))</p>"
        return page(status: status, title: title, content: content, formTarget: nil)
    }

    // MARK: Frame

    /// A whole page (``HTMLPage/page(status:title:content:formTarget:wide:)``).
    static func page(status: Int, title: String, content: String, formTarget: String?) -> APIResponse {
        HTMLPage.page(status: status, title: title, content: content, formTarget: formTarget)
    }

    static func problemParagraph(_ problem: String?, id: String) -> String { HTMLPage.problem(problem, id: id) }

    /// The headers of every answer of the authorization endpoint (``HTMLPage/securityHeaders(formTarget:)``).
    static func securityHeaders(formTarget: String?) -> HeaderFields { HTMLPage.securityHeaders(formTarget: formTarget) }

    /// The CSP source of a redirect URI's origin (`https://app.example`, `http://127.0.0.1:5173`,
    /// `com.example.app:`); nil when it holds anything a CSP source cannot.
    static func formTarget(_ redirectURI: String) -> String? {
        guard let colon = redirectURI.firstIndex(of: ":") else { return nil }
        let scheme = redirectURI[..<colon]
        guard !scheme.isEmpty, scheme.utf8.allSatisfy(isSchemeByte) else { return nil }
        let rest = redirectURI[redirectURI.index(after: colon)...]
        // Strings made of the substrings first: `Substring + String` is the generic
        // `RangeReplaceableCollection` operator, unspecialized here (a run-time conformance scan,
        // 0.19 M instructions, at its first call in a process).
        guard rest.hasPrefix("//") else { return String(scheme) + ":" }
        let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, authority.utf8.allSatisfy(isAuthorityByte) else { return nil }
        return String(scheme) + "://" + String(authority)
    }

    /// The host of a redirect URI as the consent page shows it (the scheme for a private-use one).
    static func host(_ redirectURI: String) -> String {
        guard let target = formTarget(redirectURI) else { return redirectURI }
        guard target.hasPrefix(String(redirectURI.prefix { $0 != ":" }) + "://") else { return target }
        return String(target.drop { $0 != ":" }.dropFirst(3))
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x61...0x7A, 0x41...0x5A, UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): true
        default: false
        }
    }

    private static func isAuthorityByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x61...0x7A, 0x41...0x5A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"),
            UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default: false
        }
    }
}
