/// The frame every Gatehouse HTML page shares (the authorization pages and the console): one
/// inline stylesheet, no script but the console's copy button (allowed by its hash), no external
/// asset, and the headers of ``securityHeaders(formTarget:scriptHash:)``.
enum HTMLPage {
    /// A whole page; `wide` lays it out for tables (the console) instead of a centred card.
    static func page(
        status: Int, title: String, content: String, formTarget: String? = nil, wide: Bool = false,
        scriptHash: String? = nil
    ) -> APIResponse {
        let html =
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(HTMLText.escape(title)) · Gatehouse</title><style>\(PageStyle.css)</style></head>"
            + "<body\(wide ? " class=\"wide\"" : "")><main>"
            + "<p class=\"brand\"><span class=\"logo\" aria-hidden=\"true\">G</span>Gatehouse</p>"
            + content + "</main><footer>Protected by Gatehouse</footer></body></html>"
        var headers = securityHeaders(formTarget: formTarget, scriptHash: scriptHash)
        headers.set("Content-Type", "text/html; charset=utf-8")
        return APIResponse(status: status, headers: headers, body: Array(html.utf8))
    }

    /// A problem shown next to the field it is about (`id` is what the field's
    /// `aria-describedby` names); nothing without a problem.
    static func problem(_ problem: String?, id: String) -> String {
        problem.map { "<p id=\"\(id)\" class=\"problem\" role=\"alert\">\(HTMLText.escape($0))</p>" } ?? ""
    }

    /// The headers of every page: no caching, no referrer, no framing, and a CSP allowing only the
    /// inline stylesheet and forms posting to this server, plus `formTarget` (an origin a POST's
    /// 303 may lead to; Chrome applies `form-action` to redirects after a form submission) and,
    /// with `scriptHash` (`'sha256-…'`), the one inline script of that hash.
    static func securityHeaders(formTarget: String?, scriptHash: String? = nil) -> HeaderFields {
        let formAction = "'self'" + (formTarget.map { " " + $0 } ?? "")
        return [
            "Cache-Control": "no-store", "Pragma": "no-cache", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy":
                "default-src 'none'; style-src \(PageStyle.hashSource); "
                + (scriptHash.map { "script-src \($0); " } ?? "") + "form-action \(formAction); "
                + "frame-ancestors 'none'; base-uri 'none'",
        ]
    }
}

extension HTMLPage {
    /// The page of an error no form can fix: what went wrong, in words, and the request id.
    static func error(status: Int, message: String, requestID: String) -> APIResponse {
        let title =
            switch status {
            case 403: "You cannot do this"
            case 404: "Not found"
            case 429: "Too many requests"
            case 503: "Temporarily unavailable"
            default: status < 500 ? "This request cannot be done" : "Something went wrong"
            }
        let content =
            "<h1>\(HTMLText.escape(title))</h1><p>\(HTMLText.escape(message))</p>"
            + "<p class=\"muted\">Reference: \(HTMLText.escape(requestID))</p>"
        return page(status: status, title: title, content: content)
    }
}
