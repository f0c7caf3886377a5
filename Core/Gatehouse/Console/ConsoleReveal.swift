/// A secret the console shows exactly once, on the page a create, rotate or regenerate form's 303
/// leads to: carried there sealed (``SealedCookie``, bound to the browser's CSRF cookie) in a
/// two-minute `__Host-` cookie that the page clears, so the plaintext is never in a URL, a log, a
/// later page or Redis, and a reload shows it no more.
struct ConsoleReveal: Equatable {
    /// The cookie holding the sealed value.
    static let cookieName = "__Host-gh_console_reveal"
    static let lifetimeSeconds = 120

    /// What was made ("API key created"), the plaintext, and a line about it.
    let title: String
    let secret: String
    let detail: String

    /// The `Set-Cookie` value carrying this reveal to the next page.
    func setCookie(_ page: ConsolePage) throws -> String {
        let sealed = try SealedCookie.seal(
            [title, secret, detail].joined(separator: "\n"), key: page.keys.reveal, binding: page.csrfCookie)
        return "\(Self.cookieName)=\(sealed); Path=/; Max-Age=\(Self.lifetimeSeconds); Secure; HttpOnly; SameSite=Lax"
    }

    /// The `Set-Cookie` value removing the cookie.
    static let clearCookie = "\(cookieName)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"

    /// The reveal the request carries, if its cookie opens in this browser.
    static func taken(from page: ConsolePage) -> ConsoleReveal? {
        guard let text = page.request.cookie(named: cookieName),
            let plain = SealedCookie.open(text, key: page.keys.reveal, binding: page.csrfCookie, maximumLength: 2048)
        else { return nil }
        let parts = plain.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        return ConsoleReveal(title: parts[0], secret: parts[1], detail: parts[2])
    }

    /// The banner: the plaintext once in a read-only field (selectable without JavaScript), the
    /// copy button (``ConsoleCopyButton``) and the warning.
    var html: String {
        "<section class=\"notice\" role=\"status\" aria-labelledby=\"reveal-title\">"
            + "<h2 id=\"reveal-title\">\(HTMLText.escape(title))</h2>"
            + "<p id=\"reveal-warning\"><strong>Copy this key now. It is shown once and can never be retrieved "
            + "again.</strong></p>"
            + "<label for=\"revealed-secret\">Your new key</label>"
            + "<input id=\"revealed-secret\" class=\"secret\" readonly value=\"\(HTMLText.escape(secret))\" "
            + "autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"reveal-warning\">"
            + "<p>" + ConsoleCopyButton.html(copying: "revealed-secret", label: "Copy key") + "</p>"
            + "<p>\(HTMLText.escape(detail))</p></section>"
    }
}

extension ConsolePage {
    /// A page that may show a reveal: the page with the banner, and the reveal's cookie cleared
    /// whenever the request carried one (shown once).
    func revealing(_ build: (ConsoleReveal?) throws -> APIResponse) rethrows -> APIResponse {
        let carried = request.cookie(named: ConsoleReveal.cookieName) != nil
        var response = try build(ConsoleReveal.taken(from: self))
        if carried { response.headers.add("Set-Cookie", ConsoleReveal.clearCookie) }
        return response
    }
}
